// For relationships a node row owns as their start (an actor's area, a committee's parent ...):
// delete those of each owner that point to a node not listed in the row any more.
// $rows: list of {owner, keep}; keep = ids of the end nodes the row names
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start} {id: r.owner})-[x:{type}]->(b:{end})
WHERE NOT b.id IN r.keep
DELETE x
RETURN count(*) AS deleted
