// Read one actor's properties (for a correction and to check that a decision's actor exists).
// Returns props; no row if the actor does not exist.
// $id: the actor's id
MATCH (n:Actor {id: $id})
RETURN n {.*} AS props
