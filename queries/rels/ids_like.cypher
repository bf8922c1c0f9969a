// Read the ids of the relationships of one type that start with a prefix (to pick a free generated id).
// Returns ids: list of ids.
// $prefix: the start of the ids looked for
// {type}: reltype
MATCH ()-[x:{type}]->()
WHERE x.id STARTS WITH $prefix
RETURN collect(x.id) AS ids
