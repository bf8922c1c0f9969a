// Write self-check links with all their properties as read from another database (a move).
// $rows: list of property maps (with id)
UNWIND $rows AS r
MERGE (l:SelfCheckLink {id: r.id})
SET l = r
RETURN count(*) AS written
