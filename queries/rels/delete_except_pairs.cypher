// Delete every relationship of one type whose [start id, end id] pair is not in a list (import --replace).
// $keep: list of [start id, end id] pairs to keep
// {start}: label
// {end}: label
// {type}: reltype
MATCH (a:{start})-[x:{type}]->(b:{end})
WHERE NOT [a.id, b.id] IN $keep
DELETE x
RETURN count(*) AS deleted
