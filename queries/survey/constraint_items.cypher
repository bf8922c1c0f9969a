// Create the uniqueness constraint on `id` of the review items of the survey (idempotent).
CREATE CONSTRAINT IF NOT EXISTS FOR (n:ReviewItem) REQUIRE n.id IS UNIQUE
