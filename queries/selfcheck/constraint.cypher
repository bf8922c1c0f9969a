// Create the uniqueness constraint on the id (the SHA-256 hash of the token) of self-check links (idempotent).
CREATE CONSTRAINT IF NOT EXISTS FOR (l:SelfCheckLink) REQUIRE l.id IS UNIQUE
