-- Rule 1 (首问负责制): the staff member who received the case owns it from acceptance. The case is held by their
-- window (or by them in person when they have none) with them accountable, until a transfer they or their window
-- request is acknowledged; the chain of a case starts with them.
ALTER TABLE case_holders
    ADD COLUMN center_code text,
    ADD COLUMN first_contact_id text,
    ADD COLUMN first_contact_name text,
    ADD COLUMN first_contact_window text,
    ADD COLUMN accepted_at timestamptz;
ALTER TABLE case_holders DROP CONSTRAINT case_holders_holder_kind_check;
ALTER TABLE case_holders ADD CONSTRAINT case_holders_holder_kind_check CHECK (holder_kind IN ('Window', 'Department', 'Person'));
