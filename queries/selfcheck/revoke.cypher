// Revoke one self-check link (nothing happens if it is revoked already or unknown).
// $id: the link id (hash of the token)
// $now: the time of revocation (UTC)
MATCH (l:SelfCheckLink {id: $id})
WHERE l.revoked_at IS NULL
SET l.revoked_at = $now, l.updated_at = $now, l.version = coalesce(l.version, 0) + 1
RETURN count(*) AS revoked
