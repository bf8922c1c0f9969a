// Delete one node with its relationships if it still has the version the editor read.
// Returns how many nodes were deleted (0 when missing or changed meanwhile).
// $id: the node id
// $expected: the version the editor read
// {label}: label
MATCH (n:{label} {id: $id})
WHERE n.version = $expected
DETACH DELETE n
RETURN count(*) AS deleted
