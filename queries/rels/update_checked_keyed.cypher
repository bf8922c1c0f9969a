// Replace the properties of one relationship with its own id (a cooperation) if it still has the version
// the editor started from (optimistic concurrency). As in nodes/update_checked, the relationship's write
// lock is taken first by writing a property, then the version is compared; the endpoints never change.
// Returns the new version, or no row when the relationship is missing or was changed meanwhile.
// $id: the relationship id
// $start: id of the start node
// $end: id of the end node
// $expected: the version the editor read
// $props: the new properties (with id, without system properties)
// $hash: content hash of the new properties
// $now: the time of the write (UTC)
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start} {id: $start})-[x:{type} {id: $id}]->(b:{end} {id: $end})
SET x.lock = true
WITH x
WHERE x.version = $expected
WITH x, x.version + 1 AS v
SET x = $props
SET x.id = $id, x.version = v, x.content_hash = $hash, x.updated_at = $now
RETURN v AS version
