// Delete one relationship with its own id (a cooperation) if it still has the version the editor read.
// The write lock is taken first (by writing a property), then the version is compared; a refused delete
// is rolled back with the lock property. Returns how many were deleted (0 when missing or changed).
// $id: the relationship id
// $start: id of the start node
// $end: id of the end node
// $expected: the version the editor read
// {start}: label
// {end}: label
// {type}: reltype
OPTIONAL MATCH (a:{start} {id: $start})-[x:{type} {id: $id}]->(b:{end} {id: $end})
SET x.lock = true
WITH x
WHERE x IS NOT NULL AND x.version = $expected
DELETE x
RETURN count(*) AS deleted
