// Read the version of one node (no row if it does not exist).
// $id: the node id
// {label}: label
MATCH (n:{label} {id: $id})
RETURN n.version AS version
