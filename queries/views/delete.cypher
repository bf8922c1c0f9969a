// Delete one saved view.
// $id: the view's id
MATCH (v:SavedView {id: $id})
DELETE v
RETURN count(*) AS deleted
