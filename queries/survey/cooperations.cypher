// Read the cooperations stored from one actor to another (one direction; the caller asks both ways).
// Returns props of each cooperation.
// $start: id of the start actor
// $end: id of the end actor
MATCH (:Actor {id: $start})-[x:COOPERATES_WITH]->(:Actor {id: $end})
RETURN x {.*} AS props
