// Erase what review items hold about contact persons (cascade of the erasure of persons): their fields
// and the reference are cleared; the item's decision and audit trail stay. Returns how many were cleared.
// $ids: list of person ids
MATCH (i:ReviewItem)
WHERE i.person IN $ids
SET i.fields = '{}', i.person = null
RETURN count(*) AS cleared
