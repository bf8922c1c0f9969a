// Create or replace saved views with their positions (moving them from views.json or another database).
// $rows: list of {id, position, caption, filter, color_by, size_by, focus (may be missing)}
// $now: the time of the change (UTC)
UNWIND $rows AS r
MERGE (v:SavedView {id: r.id})
SET v.position = r.position, v.caption = r.caption, v.filter = r.filter, v.color_by = r.color_by,
    v.size_by = r.size_by, v.focus = r.focus, v.version = coalesce(v.version, 0) + 1, v.updated_at = $now
RETURN count(*) AS changed
