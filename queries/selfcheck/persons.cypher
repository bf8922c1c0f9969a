// The contact persons of one actor, without their name, e-mail or phone: function, consent, deletion date.
// $actor: the actor id (taken from the link, never from the request)
MATCH (p:Person)-[:REPRESENTS]->(a:Actor {id: $actor})
RETURN p.id AS id, p.role AS role, p.consent AS consent, p.delete_after AS delete_after
ORDER BY id
