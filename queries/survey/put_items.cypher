// Write ReviewItem nodes with all their properties as read from another database (a move).
// $rows: list of property maps (with id)
UNWIND $rows AS r
MERGE (n:ReviewItem {id: r.id})
SET n = r
RETURN count(*) AS written
