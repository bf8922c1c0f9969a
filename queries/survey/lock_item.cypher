// Lock one review item and read it if it still has the version the reviewer started from (optimistic
// concurrency, lock before compare as in nodes/update_checked). Returns no row if it is missing or changed.
// $id: the item's id
// $expected: the version the reviewer read
MATCH (i:ReviewItem {id: $id})
SET i.lock = true
REMOVE i.lock
WITH i
WHERE i.version = $expected
RETURN i {.*} AS item
