// Create one survey round; returns nothing if a round with this id exists already.
// $id: the round's id
// $title: its German name
// $date: the date the answers refer to
// $status: offen or abgeschlossen
// $now: the time of the write (UTC)
OPTIONAL MATCH (existing:SurveyRound {id: $id})
WITH existing
WHERE existing IS NULL
CREATE (r:SurveyRound {id: $id, name: $title, date: $date, status: $status, version: 1, updated_at: $now})
RETURN r.id AS id
