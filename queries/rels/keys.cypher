// Read the endpoints and id of every relationship of one type between two labels (to plan deletions).
// Returns rows: list of [start id, end id, relationship id or null].
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start})-[x:{type}]->(b:{end})
RETURN collect([a.id, b.id, x.id]) AS rows
