// Read review items, optionally only those of one status, round or respondent (null: all), oldest first (in file order).
// Returns item: the item's properties.
// $status: the status looked for, or null
// $round_id: the round looked for, or null
// $respondent: the respondent's actor id, or null
MATCH (i:ReviewItem)
WHERE ($status IS NULL OR i.status = $status)
  AND ($round_id IS NULL OR i.round_id = $round_id)
  AND ($respondent IS NULL OR i.respondent = $respondent)
RETURN i {.*} AS item
ORDER BY i.created_at, i.seq, i.id
