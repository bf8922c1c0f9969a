// Read one actor's membership in one committee (for a confirmed or ended membership from a self-check).
// Returns props; no row if the actor is no member.
// $actor: the actor's id
// $committee: the committee's id
MATCH (:Actor {id: $actor})-[m:MEMBER_OF]->(:Committee {id: $committee})
RETURN m {.*} AS props
