// Delete every SurveyRound node of the survey (tests and a fresh start); returns how many.
MATCH (n:SurveyRound)
DETACH DELETE n
RETURN count(*) AS deleted
