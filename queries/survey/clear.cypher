// Delete every review item, alias and round of the survey (tests and a fresh start); returns how many.
MATCH (n)
WHERE n:ReviewItem OR n:SurveyAlias OR n:SurveyRound
DETACH DELETE n
RETURN count(*) AS deleted
