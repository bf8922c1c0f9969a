// Create one self-check link of an actor (only the token's hash is stored, never the token).
// Returns no row when the actor does not exist.
// $id: SHA-256 hash of the token (hex)
// $actor: the actor id
// $created_by: login of the editor who created the link
// $now: the time of creation (UTC)
// $expires_at: when the link expires (UTC)
// $round_id: the survey round its answers belong to (or null)
MATCH (a:Actor {id: $actor})
CREATE (l:SelfCheckLink {id: $id, actor: $actor, created_by: $created_by, created_at: $now,
                         expires_at: $expires_at, round_id: $round_id, uses: 0, submissions: 0, window_start: $now,
                         window_views: 0, window_submissions: 0, version: 1, updated_at: $now})
RETURN l.id AS id
