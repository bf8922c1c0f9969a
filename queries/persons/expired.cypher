// Find contact persons whose deletion date has passed.
// $today: the current date
MATCH (p:Person)
WHERE p.delete_after IS NOT NULL AND p.delete_after < $today
RETURN collect(p.id) AS ids
