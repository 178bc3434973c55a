-- The case's Deadline clocks (committed and statutory limits, rule 3), started at acceptance; the approval pauses them
-- while a review waits for the applicant's supplement, resumes them when it comes, and stops them at completion.
ALTER TABLE approval_cases
    ADD COLUMN committed_clock_id uuid,
    ADD COLUMN statutory_clock_id uuid;
