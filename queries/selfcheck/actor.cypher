// The record of one actor as its self-check page shows it: its own fields, the names of its area and Träger.
// $actor: the actor id (taken from the link, never from the request)
MATCH (a:Actor {id: $actor})
OPTIONAL MATCH (a)-[:LOCATED_IN]->(g:Area)
OPTIONAL MATCH (t:Institution)-[:RUNS]->(a)
RETURN a.id AS id, a.name AS name, a.actor_type AS actor_type, a.sector AS sector, a.address AS address,
       a.website AS website, a.education_areas AS education_areas, a.learning_forms AS learning_forms,
       g.id AS area, g.name AS area_name, t.name AS institution_name
LIMIT 1
