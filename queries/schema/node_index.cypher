// Create an index on the name property of one node label (idempotent), for search.
// {label}: label
CREATE INDEX IF NOT EXISTS FOR (n:{label}) ON (n.name)
