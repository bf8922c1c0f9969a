// Read every node of one label with all its properties, as one list (one record is much faster than many).
// Returns rows: list of [id, properties]; updated_at and content_hash are left out (decoding 10,000s of
// date-times is the slowest part of a read).
// {label}: label
MATCH (n:{label})
RETURN collect([n.id, n {.*, updated_at: null, content_hash: null}]) AS rows
