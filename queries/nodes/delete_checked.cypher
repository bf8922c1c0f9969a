// Delete one node with its relationships if it still has the version the editor read.
// The node's write lock is taken first (by writing a property), then the version is compared, so that
// a concurrent change cannot slip in between. A refused delete is rolled back with the lock property.
// Returns how many nodes were deleted (0 when missing or changed meanwhile).
// $id: the node id
// $expected: the version the editor read
// {label}: label
OPTIONAL MATCH (n:{label} {id: $id})
SET n.lock = true
WITH n
WHERE n IS NOT NULL AND n.version = $expected
DETACH DELETE n
RETURN count(*) AS deleted
