// Create the uniqueness constraint on `id` of the survey rounds (idempotent).
CREATE CONSTRAINT IF NOT EXISTS FOR (n:SurveyRound) REQUIRE n.id IS UNIQUE
