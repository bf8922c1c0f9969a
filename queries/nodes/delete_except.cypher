// Delete every node of one label whose id is not in a list, with its relationships (import --replace).
// Returns how many nodes were deleted.
// $keep: list of ids to keep
// {label}: label
MATCH (n:{label})
WHERE NOT n.id IN $keep
DETACH DELETE n
RETURN count(*) AS deleted
