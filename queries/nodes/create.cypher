// Create one node with version 1; returns nothing if a node with this id exists already.
// $id: the node id
// $props: the properties (without id and system properties)
// $hash: content hash of the properties
// $now: the time of the write (UTC)
// {label}: label
OPTIONAL MATCH (existing:{label} {id: $id})
WITH existing
WHERE existing IS NULL
CREATE (n:{label})
SET n = $props
SET n.id = $id, n.version = 1, n.content_hash = $hash, n.updated_at = $now
RETURN n.version AS version
