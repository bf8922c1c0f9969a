// Read the ids of every node of one label (to validate references and plan deletions).
// Returns ids: list of ids.
// {label}: label
MATCH (n:{label})
RETURN collect(n.id) AS ids
