// The offers one actor provides: title, education area, its role (lead or partner).
// $actor: the actor id (taken from the link, never from the request)
MATCH (a:Actor {id: $actor})-[r:PROVIDES]->(o:Offer)
RETURN o.id AS id, o.title AS title, o.education_area AS education_area, r.role AS role,
       o.valid_from AS valid_from, o.valid_to AS valid_to
ORDER BY title, id
