// Create the uniqueness constraint on `id` for one node label (idempotent).
// {label}: label
CREATE CONSTRAINT IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE
