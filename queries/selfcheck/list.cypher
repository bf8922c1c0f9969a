// Every self-check link with the name of its actor, newest first (no token: only its hash is stored).
MATCH (l:SelfCheckLink)
OPTIONAL MATCH (a:Actor {id: l.actor})
RETURN l.id AS id, l.actor AS actor, a.name AS actor_name, l.round_id AS round_id, l.created_by AS created_by, l.created_at AS created_at,
       l.expires_at AS expires_at, l.revoked_at AS revoked_at, l.uses AS uses, l.submissions AS submissions,
       l.last_used_at AS last_used_at
ORDER BY created_at DESC, id
