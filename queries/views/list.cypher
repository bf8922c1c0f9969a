// Every saved view of the Präsentation page, in their order.
// Returns id, position, caption, filter (JSON text), color_by, size_by, focus.
MATCH (v:SavedView)
RETURN v.id AS id, v.position AS position, v.caption AS caption, v.filter AS filter, v.color_by AS color_by,
       v.size_by AS size_by, v.focus AS focus
ORDER BY position, id
