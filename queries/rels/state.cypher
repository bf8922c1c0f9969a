// Read the endpoints, id and content hash of every relationship of one type between two labels
// (the write compares them with the file in Python, so that it needs no MERGE per relationship).
// Returns rows: list of [start id, end id, relationship id or null, content hash].
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start})-[x:{type}]->(b:{end})
RETURN collect([a.id, b.id, x.id, x.content_hash]) AS rows
