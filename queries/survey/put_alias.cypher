// Remember that a typed name means one actor (an alias for the next survey round).
// $key: the normalised name
// $typed: the name as typed
// $actor: the actor id
// $now: the time of the decision (UTC)
MERGE (a:SurveyAlias {id: $key})
SET a.name = $typed, a.actor = $actor, a.updated_at = $now
RETURN count(*) AS changed
