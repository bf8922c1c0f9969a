// Create or update nodes of one label by id. A node whose content hash is unchanged is left alone;
// otherwise its properties are replaced, its version bumped and updated_at set.
// Returns how many nodes were created or changed.
// $rows: list of {id, hash, props}; props without id and without system properties
// $now: the time of the write (UTC)
// {label}: label
UNWIND $rows AS r
MERGE (n:{label} {id: r.id})
WITH n, r, coalesce(n.version, 0) + 1 AS v
WHERE n.content_hash IS NULL OR n.content_hash <> r.hash
SET n = r.props
SET n.id = r.id, n.version = v, n.content_hash = r.hash, n.updated_at = $now
RETURN count(n) AS changed
