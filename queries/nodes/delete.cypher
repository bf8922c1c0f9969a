// Delete nodes of one label by id, with their relationships.
// Returns how many nodes were deleted.
// $ids: list of node ids
// {label}: label
UNWIND $ids AS node_id
MATCH (n:{label} {id: node_id})
DETACH DELETE n
RETURN count(*) AS deleted
