-- Complaints, ratings with rectification and appeal, return visits and the event-maintained statistics (issue 5, items 5-8).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN (
    'Warning', 'Overdue', 'SecondNoticeOverride', 'RefusalOverride', 'UnacknowledgedTransfer', 'DeemedAcceptance',
    'ComplaintEscalated', 'BadRating'));

-- Complaint numbers TS<year>-NNNNNN, one counter row per region and year, taken inside the registering transaction.
CREATE TABLE complaint_counters (
    region_code text NOT NULL,
    year integer NOT NULL,
    last_number integer NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE complaints (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    number text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('OnSite', 'Phone', 'Online')),
    severity text NOT NULL CHECK (severity IN ('Simple', 'Complex', 'Serious')),
    state text NOT NULL CHECK (state IN ('Open', 'Escalated', 'Replied', 'Closed')),
    complainant_name text NOT NULL,
    complainant_phone text,
    case_number text,
    center_code text NOT NULL,
    department_code text,
    window_code text,
    staff_id text,
    content text NOT NULL,
    received_by text,
    received_at timestamptz NOT NULL,
    due_at timestamptz,
    clock_id uuid,
    warned_at timestamptz,
    overdue_at timestamptz,
    escalated_to text,
    escalated_at timestamptz,
    escalated_by text,
    escalation_reason text,
    reply text,
    replied_by text,
    replied_at timestamptz,
    closed_by text,
    closed_at timestamptz,
    close_note text,
    CONSTRAINT complaints_number UNIQUE (region_code, number),
    CHECK ((state IN ('Replied', 'Closed')) = (reply IS NOT NULL)),
    CHECK ((state = 'Closed') = (closed_at IS NOT NULL)),
    CHECK ((escalated_to IS NULL) = (escalated_at IS NULL))
);

-- The supervisor's list: newest first, optionally one state.
CREATE INDEX complaints_by_state ON complaints (region_code, state, received_at DESC, id);

-- What Supervision knows of each accepted case, for attributing later events to its center, department, window and
-- first-contact staff member. One row per case; "overdue now" reads the partial index, never all cases.
CREATE TABLE case_facts (
    region_code text NOT NULL,
    case_number text NOT NULL,
    center_code text NOT NULL,
    department_code text NOT NULL,
    window_code text,
    staff_id text NOT NULL,
    staff_name text NOT NULL,
    accepted_at timestamptz NOT NULL,
    committed_days integer NOT NULL,
    completed_at timestamptz,
    completed_on date,
    on_time boolean,
    used_days integer,
    overdue_at timestamptz,
    PRIMARY KEY (region_code, case_number)
);

CREATE INDEX case_facts_overdue_now ON case_facts (region_code, center_code) WHERE overdue_at IS NOT NULL AND completed_at IS NULL;
CREATE INDEX case_facts_completed_on ON case_facts (region_code, completed_on) WHERE completed_on IS NOT NULL;

-- Every event the statistics counted, by a key derived from the event (accepted:<case>, completed:<case>,
-- alert:<clock>:<level>, ...): the counters change in the same transaction as this row is inserted, so an event
-- delivered twice counts once.
CREATE TABLE processed_events (
    region_code text NOT NULL,
    event_key text NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (region_code, event_key)
);

-- The counters, per day (the center's date) and dimension: the center itself, a department, a window, a staff member.
CREATE TABLE daily_statistics (
    region_code text NOT NULL,
    center_code text NOT NULL,
    dimension text NOT NULL CHECK (dimension IN ('center', 'department', 'window', 'staff')),
    dimension_code text NOT NULL,
    day date NOT NULL,
    accepted integer NOT NULL DEFAULT 0,
    completed integer NOT NULL DEFAULT 0,
    completed_on_time integer NOT NULL DEFAULT 0,
    used_days integer NOT NULL DEFAULT 0,
    committed_days integer NOT NULL DEFAULT 0,
    warnings integer NOT NULL DEFAULT 0,
    overdues integer NOT NULL DEFAULT 0,
    complaints integer NOT NULL DEFAULT 0,
    very_satisfied integer NOT NULL DEFAULT 0,
    satisfied integer NOT NULL DEFAULT 0,
    basically_satisfied integer NOT NULL DEFAULT 0,
    dissatisfied integer NOT NULL DEFAULT 0,
    very_dissatisfied integer NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, center_code, dimension, dimension_code, day)
);

CREATE INDEX daily_statistics_by_day ON daily_statistics (region_code, center_code, dimension, day);

-- One rating per case (好差评), ever.
CREATE TABLE ratings (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    case_number text NOT NULL,
    level text NOT NULL CHECK (level IN ('VerySatisfied', 'Satisfied', 'BasicallySatisfied', 'Dissatisfied', 'VeryDissatisfied')),
    comment text,
    rated_at timestamptz NOT NULL,
    CONSTRAINT ratings_one_per_case UNIQUE (region_code, case_number)
);

-- A bad review's rectification (差评整改) by the case's department, with a deadline and an appeal path.
CREATE TABLE rectifications (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    rating_id uuid NOT NULL REFERENCES ratings (id),
    case_number text NOT NULL,
    department_code text NOT NULL,
    state text NOT NULL CHECK (state IN ('Open', 'Appealed', 'Rectified', 'AppealUpheld')),
    opened_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL,
    clock_id uuid,
    warned_at timestamptz,
    overdue_at timestamptz,
    rectified_by text,
    rectified_at timestamptz,
    rectification_note text,
    appealed_by text,
    appealed_at timestamptz,
    appeal_reason text,
    decided_by text,
    decided_at timestamptz,
    decision_note text,
    CONSTRAINT rectifications_one_per_rating UNIQUE (rating_id),
    CHECK ((state = 'Rectified') = (rectification_note IS NOT NULL))
);

CREATE INDEX rectifications_by_state ON rectifications (region_code, state, opened_at DESC, id);

-- Return visits (回访): the days already sampled (sampling a day twice adds nothing) and the call tasks.
CREATE TABLE return_visit_days (
    region_code text NOT NULL,
    day date NOT NULL,
    completed_cases integer NOT NULL,
    sampled integer NOT NULL,
    sampled_at timestamptz NOT NULL,
    PRIMARY KEY (region_code, day)
);

CREATE TABLE return_visits (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    day date NOT NULL,
    case_number text NOT NULL,
    center_code text NOT NULL,
    department_code text NOT NULL,
    window_code text,
    staff_id text NOT NULL,
    state text NOT NULL CHECK (state IN ('Pending', 'Reached', 'NotReached')),
    satisfaction text CHECK (satisfaction IN ('VerySatisfied', 'Satisfied', 'BasicallySatisfied', 'Dissatisfied', 'VeryDissatisfied')),
    note text,
    called_by text,
    called_at timestamptz,
    CONSTRAINT return_visits_one_per_case UNIQUE (region_code, case_number),
    CHECK ((state = 'Pending') = (called_at IS NULL)),
    CHECK (satisfaction IS NULL OR state = 'Reached')
);

CREATE INDEX return_visits_by_day ON return_visits (region_code, day, state, id);
