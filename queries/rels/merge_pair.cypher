// Create or update relationships identified by their two endpoints (one per pair and type).
// A relationship whose content hash is unchanged is left alone; otherwise its properties are replaced,
// its version bumped and updated_at set. Rows whose endpoints do not exist are not matched.
// $rows: list of {start, end, hash, props}
// $now: the time of the write (UTC)
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start} {id: r.start})
MATCH (b:{end} {id: r.end})
MERGE (a)-[x:{type}]->(b)
WITH x, r, (x.content_hash IS NULL OR x.content_hash <> r.hash) AS changed, coalesce(x.version, 0) + 1 AS v
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET x = r.props
  SET x.version = v, x.content_hash = r.hash, x.updated_at = $now)
RETURN count(*) AS matched, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
