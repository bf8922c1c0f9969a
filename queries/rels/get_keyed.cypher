// Read one relationship that carries its own id (a cooperation) with its endpoints, properties and version.
// Returns no row if there is none with this id; updated_at and content_hash are left out.
// $id: the relationship id
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start})-[x:{type} {id: $id}]->(b:{end})
RETURN a.id AS start, b.id AS end, x {.*, updated_at: null, content_hash: null} AS props
