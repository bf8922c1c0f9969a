// Read the relationship of one type between two nodes (a membership) with its properties and version.
// Returns no row if the two are not joined; updated_at and content_hash are left out.
// $start: id of the start node
// $end: id of the end node
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start} {id: $start})-[x:{type}]->(b:{end} {id: $end})
RETURN a.id AS start, b.id AS end, x {.*, updated_at: null, content_hash: null} AS props
