-- A review-stage notice remembers the process instance that asked for the supplement, so the window's supplement
-- resumes exactly that instance, and when the supplement answered it (one answer per request).
ALTER TABLE deficiency_notices
    ADD COLUMN instance_id uuid,
    ADD COLUMN answered_at timestamptz;
CREATE INDEX deficiency_notices_unanswered_review ON deficiency_notices (case_id, sequence) WHERE stage = 'Review' AND answered_at IS NULL;
