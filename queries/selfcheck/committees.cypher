// The committee memberships of one actor, with only the committee's id and name.
// $actor: the actor id (taken from the link, never from the request)
MATCH (a:Actor {id: $actor})-[m:MEMBER_OF]->(g:Committee)
RETURN g.id AS committee, g.name AS committee_name, m.role AS role, m.since AS since, m.until AS until
ORDER BY committee_name, committee
