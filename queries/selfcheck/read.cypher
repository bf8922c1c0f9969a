// Read one self-check link without changing it, with whether its actor exists.
// $id: the link id (hash of the token)
MATCH (l:SelfCheckLink {id: $id})
OPTIONAL MATCH (a:Actor {id: l.actor})
RETURN l.id AS id, l.actor AS actor, l.round_id AS round_id, l.created_by AS created_by, l.created_at AS created_at,
       l.expires_at AS expires_at, l.revoked_at AS revoked_at, l.uses AS uses, l.submissions AS submissions,
       l.last_used_at AS last_used_at, l.window_start AS window_start, l.window_views AS window_views,
       l.window_submissions AS window_submissions, a IS NOT NULL AS actor_exists
