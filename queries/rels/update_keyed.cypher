// Replace the properties of stored relationships that carry their own id (cooperations) and bump their version.
// $rows: list of {id, start, end, hash, props}
// $now: the time of the write (UTC)
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start} {id: r.start})-[x:{type} {id: r.id}]->(b:{end} {id: r.end})
WITH x, r, coalesce(x.version, 0) + 1 AS v
SET x = r.props
SET x.id = r.id, x.version = v, x.content_hash = r.hash, x.updated_at = $now
RETURN count(*) AS changed
