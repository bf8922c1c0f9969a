// Read one contact person of one actor (a self-check confirms or updates it); no row if it is not the actor's.
// Returns props of the person.
// $id: the person's id
// $actor: the actor's id
MATCH (p:Person {id: $id})-[:REPRESENTS]->(:Actor {id: $actor})
RETURN p {.*} AS props
