// Clear the fields of review items (contact data whose deletion date has passed); returns how many.
// $ids: list of review item ids
MATCH (i:ReviewItem)
WHERE i.id IN $ids
SET i.fields = '{}', i.person = null
RETURN count(*) AS cleared
