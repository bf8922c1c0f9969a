// Delete every keyed relationship of one type whose id is not in a list (import --replace).
// $keep: list of relationship ids to keep
// {start}: label
// {end}: label
// {type}: reltype
MATCH (:{start})-[x:{type}]->(:{end})
WHERE NOT x.id IN $keep
DELETE x
RETURN count(*) AS deleted
