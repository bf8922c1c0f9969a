// Create an index on the `id` of one relationship type (idempotent), for keyed updates.
// {type}: reltype
CREATE INDEX IF NOT EXISTS FOR ()-[r:{type}]-() ON (r.id)
