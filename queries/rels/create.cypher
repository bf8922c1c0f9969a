// Create relationships that are not stored yet (the write found them missing in the same transaction).
// CREATE instead of MERGE: a MERGE looks through every relationship of a node, which makes writing
// thousands of actors of one Träger quadratic. Rows whose endpoints do not exist are not matched.
// $rows: list of {start, end, hash, props}, with id for relationships that carry one
// $now: the time of the write (UTC)
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start} {id: r.start})
MATCH (b:{end} {id: r.end})
CREATE (a)-[x:{type}]->(b)
SET x = r.props
SET x.version = 1, x.content_hash = r.hash, x.updated_at = $now
RETURN count(*) AS matched
