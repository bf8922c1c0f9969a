// Delete every SurveyAlias node of the survey (tests and a fresh start); returns how many.
MATCH (n:SurveyAlias)
DETACH DELETE n
RETURN count(*) AS deleted
