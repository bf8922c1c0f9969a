// Revoke every link of one actor that is not revoked yet (a new link replaces the old ones).
// Returns the ids of the revoked links.
// $actor: the actor id
// $now: the time of revocation (UTC)
MATCH (l:SelfCheckLink {actor: $actor})
WHERE l.revoked_at IS NULL
SET l.revoked_at = $now, l.updated_at = $now, l.version = coalesce(l.version, 0) + 1
RETURN collect(l.id) AS ids
