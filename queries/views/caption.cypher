// Change the caption of one saved view.
// $id: the view's id
// $caption: the new caption
// $now: the time of the change (UTC)
MATCH (v:SavedView {id: $id})
SET v.caption = $caption, v.updated_at = $now, v.version = coalesce(v.version, 0) + 1
RETURN count(*) AS changed
