// The cooperations of one actor, with only the partner's id and name (nothing else of the partner).
// $actor: the actor id (taken from the link, never from the request)
MATCH (a:Actor {id: $actor})-[c:COOPERATES_WITH]-(p:Actor)
RETURN c.id AS id, p.id AS partner, p.name AS partner_name, c.types AS types, c.intensity AS intensity,
       c.since AS since, c.until AS until
ORDER BY partner_name, id
