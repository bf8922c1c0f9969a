// Every alias of the survey: the normalised name and the actor it means.
MATCH (a:SurveyAlias)
RETURN a.id AS key, a.actor AS actor
ORDER BY key
