// Every survey round, oldest first: id, name, date, status.
MATCH (r:SurveyRound)
RETURN r.id AS id, r.name AS name, r.date AS date, r.status AS status
ORDER BY date, id
