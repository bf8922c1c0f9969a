// Read every relationship of one type between two labels with its properties, as one list.
// Returns rows: list of [start id, end id, properties]; updated_at and content_hash are left out.
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start})-[x:{type}]->(b:{end})
RETURN collect([a.id, b.id, x {.*, updated_at: null, content_hash: null}]) AS rows
