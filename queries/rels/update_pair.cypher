// Replace the properties of stored relationships identified by their two endpoints and bump their version.
// $rows: list of {start, end, hash, props}
// $now: the time of the write (UTC)
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start} {id: r.start})-[x:{type}]->(b:{end} {id: r.end})
WITH x, r, coalesce(x.version, 0) + 1 AS v
SET x = r.props
SET x.version = v, x.content_hash = r.hash, x.updated_at = $now
RETURN count(*) AS changed
