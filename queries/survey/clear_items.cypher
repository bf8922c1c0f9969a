// Delete every ReviewItem node of the survey (tests and a fresh start); returns how many.
MATCH (n:ReviewItem)
DETACH DELETE n
RETURN count(*) AS deleted
