// Set the positions of saved views (a view moved one place).
// $rows: list of {id, position}
// $now: the time of the change (UTC)
UNWIND $rows AS r
MATCH (v:SavedView {id: r.id})
SET v.position = r.position, v.updated_at = $now, v.version = coalesce(v.version, 0) + 1
RETURN count(*) AS changed
