// The id and name of every actor (for the office's list of created links).
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name
