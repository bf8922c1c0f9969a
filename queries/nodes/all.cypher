// Read every node of one label with all its properties.
// {label}: label
MATCH (n:{label})
RETURN n.id AS id, properties(n) AS props
