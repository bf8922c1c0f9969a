// Read the version and time of the last change of every node of one label.
// Returns rows: list of [id, version, updated_at].
// {label}: label
MATCH (n:{label})
RETURN collect([n.id, n.version, n.updated_at]) AS rows
