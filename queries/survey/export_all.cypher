// Read every review item, alias and round with all properties (to move them to another database).
// Returns label and props of each node.
MATCH (n)
WHERE n:ReviewItem OR n:SurveyAlias OR n:SurveyRound
RETURN CASE WHEN n:ReviewItem THEN 'ReviewItem' WHEN n:SurveyAlias THEN 'SurveyAlias' ELSE 'SurveyRound' END AS label,
       n {.*} AS props
ORDER BY label, n.id
