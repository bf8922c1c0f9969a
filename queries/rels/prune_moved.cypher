// Delete keyed relationships whose id is imported again between other endpoints (the row was edited).
// $rows: list of {id, start, end}
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start})-[x:{type} {id: r.id}]->(b:{end})
WHERE a.id <> r.start OR b.id <> r.end
DELETE x
RETURN count(*) AS deleted
