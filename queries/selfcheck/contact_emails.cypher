// The e-mail addresses of contact persons per actor (personal data: only read when the office asks for them).
MATCH (p:Person)-[:REPRESENTS]->(a:Actor)
WHERE p.email IS NOT NULL AND p.email <> ''
RETURN a.id AS actor, p.email AS email
ORDER BY actor, p.id
