// Read the names of two nodes and the relationships of one type between them in either direction
// (the periods a new or changed cooperation must not overlap, the membership a join must not repeat).
// Returns no row if either node does not exist; existing: list of {id, since, until}.
// $start: id of the start node
// $end: id of the end node
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start} {id: $start})
MATCH (b:{end} {id: $end})
OPTIONAL MATCH (a)-[x:{type}]-(b)
RETURN a.name AS start_name, b.name AS end_name, collect(x {.id, .since, .until}) AS existing
