// Create the uniqueness constraint on `id` (the normalised name) of the survey's name aliases (idempotent).
CREATE CONSTRAINT IF NOT EXISTS FOR (n:SurveyAlias) REQUIRE n.id IS UNIQUE
