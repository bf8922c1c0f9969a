// Read the ids of every node of one label (to validate references against the database).
// {label}: label
MATCH (n:{label})
RETURN n.id AS id
