// For relationships a node row owns as their end (an actor's Träger, an offer's providers):
// delete those of each owner that come from a node not listed in the row any more.
// $rows: list of {owner, keep}; keep = ids of the start nodes the row names
// {start}: label
// {end}: label
// {type}: reltype
UNWIND $rows AS r
MATCH (a:{start})-[x:{type}]->(b:{end} {id: r.owner})
WHERE NOT a.id IN r.keep
DELETE x
RETURN count(*) AS deleted
