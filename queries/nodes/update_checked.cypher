// Replace the properties of one node if it still has the version the editor started from
// (optimistic concurrency). The node's write lock is taken first by writing a property, then the
// version is compared, as Neo4j's documentation recommends against lost updates: a concurrent
// writer waits for this transaction (Neo4j) or conflicts at commit (embedded engine) and then sees
// the new version. Returns the new version, or no row when the node is missing or was changed meanwhile.
// $id: the node id
// $expected: the version the editor read
// $props: the new properties (without id and system properties)
// $hash: content hash of the new properties
// $now: the time of the write (UTC)
// {label}: label
MATCH (n:{label} {id: $id})
SET n.lock = true
WITH n
WHERE n.version = $expected
WITH n, n.version + 1 AS v
SET n = $props
SET n.id = $id, n.version = v, n.content_hash = $hash, n.updated_at = $now
RETURN v AS version
