// Delete self-check links (tests, and the clean-up of old links).
// $ids: the link ids
MATCH (l:SelfCheckLink)
WHERE l.id IN $ids
DELETE l
RETURN count(*) AS deleted
