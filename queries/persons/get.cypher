// Read one contact person with every property and the actors they represent (data subject access).
// $id: the person id
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[r:REPRESENTS]->(a:Actor)
RETURN properties(p) AS person, collect({actor_id: a.id, actor_name: a.name, relationship: properties(r)}) AS represents
