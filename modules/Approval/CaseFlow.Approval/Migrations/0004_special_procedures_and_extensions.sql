-- Rule 3 (限时办结) at case level: special procedures the law does not count (hearing, expert review, inspection, public
-- notice) pause both case clocks, one at a time per case; a case's limit is extended once, on request and approval.
CREATE TABLE special_procedures (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    case_number text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('Hearing', 'ExpertReview', 'Inspection', 'PublicNotice')),
    notice_reference text NOT NULL,
    planned_working_days integer CHECK (planned_working_days > 0),
    reason text NOT NULL,
    started_by text NOT NULL,
    started_by_name text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_by text,
    ended_by_name text,
    ended_at timestamptz,
    committed_due_at timestamptz
);

-- One special procedure open per case: a second start, even from another node at the same instant, fails here.
CREATE UNIQUE INDEX special_procedures_one_open ON special_procedures (region_code, case_number) WHERE ended_at IS NULL;
CREATE INDEX special_procedures_case ON special_procedures (region_code, case_number, started_at);

CREATE TABLE case_extensions (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    case_number text NOT NULL,
    working_days integer NOT NULL CHECK (working_days > 0),
    reason text NOT NULL,
    state text NOT NULL CHECK (state IN ('Requested', 'Approved', 'Denied')),
    requested_by text NOT NULL,
    requested_by_name text NOT NULL,
    requested_by_department text NOT NULL,
    requested_at timestamptz NOT NULL,
    decided_by text,
    decided_by_name text,
    decided_at timestamptz,
    decision_note text,
    statutory_extended boolean NOT NULL DEFAULT false,
    committed_due_at timestamptz
);

-- Once per case: a request pending or granted blocks another (a denied request does not use up the one extension).
CREATE UNIQUE INDEX case_extensions_once ON case_extensions (region_code, case_number) WHERE state IN ('Requested', 'Approved');
CREATE INDEX case_extensions_case ON case_extensions (region_code, case_number, requested_at);
