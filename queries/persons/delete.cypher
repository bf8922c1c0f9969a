// Delete contact persons with all their relationships (erasure); returns how many were deleted.
// $ids: list of person ids
UNWIND $ids AS person_id
MATCH (p:Person {id: person_id})
DETACH DELETE p
RETURN count(*) AS deleted
