// Append one saved view after the last one.
// $id: the view's id
// $caption: the caption shown on the slide
// $filter: the network filter as JSON text
// $color_by: what the nodes are coloured by
// $size_by: what the nodes are sized by
// $focus: the actor highlighted on the slide (id or null)
// $now: the time of the change (UTC)
OPTIONAL MATCH (o:SavedView)
WITH coalesce(max(o.position), 0) + 1 AS p
CREATE (v:SavedView {id: $id, position: p, caption: $caption, filter: $filter, color_by: $color_by,
                     size_by: $size_by, focus: $focus, version: 1, updated_at: $now})
RETURN v.position AS position
