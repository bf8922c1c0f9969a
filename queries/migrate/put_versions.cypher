// Give moved nodes the version and time of the last change they had in the other database.
// $rows: list of {id, version, updated_at}
// {label}: label
UNWIND $rows AS r
MATCH (n:{label} {id: r.id})
SET n.version = r.version, n.updated_at = r.updated_at
RETURN count(*) AS changed
