// Delete relationships of one type given by their endpoints (and id, for keyed relationships).
// Anchored on the indexed endpoint ids, so it stays fast on large graphs.
// Returns how many relationships were deleted.
// $rows: list of {start, end, id}; id null for relationships identified by their pair
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start} {id: r.start})-[x:{type}]->(b:{end} {id: r.end})
WHERE r.id IS NULL OR x.id = r.id
DELETE x
RETURN count(*) AS deleted
