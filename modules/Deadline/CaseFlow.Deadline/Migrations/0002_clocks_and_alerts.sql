-- Clocks of cases (committed and statutory limits) and of department tasks (stages), in working days (rule 3).
-- The runtime part stays small: due_at and warn_at are precomputed on every change so the scheduler reads an index.
CREATE TABLE clocks (
    id uuid PRIMARY KEY,
    -- case:<number>:committed, case:<number>:statutory or task:<guid>; one clock per owner, ever.
    owner_key text NOT NULL CONSTRAINT clocks_owner_key UNIQUE,
    kind text NOT NULL CHECK (kind IN ('Committed', 'Statutory', 'Task')),
    calendar_code text NOT NULL REFERENCES calendars (code),
    limit_days integer NOT NULL CHECK (limit_days >= 0),
    started_at timestamptz NOT NULL,
    state text NOT NULL CHECK (state IN ('Running', 'Paused', 'Stopped')),
    -- The one extension the rule allows; extension_days = 0 means none was granted.
    extension_days integer NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
    extension_joint boolean NOT NULL DEFAULT false,
    extension_approved_by text,
    extension_reason text,
    extended_at timestamptz,
    stopped_at timestamptz,
    warn_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL,
    -- Set by the scheduler in the transaction that writes the alert: each level alerts once, ever.
    warned_at timestamptz,
    overdue_at timestamptz,
    CHECK (warn_at <= due_at),
    CHECK ((state = 'Stopped') = (stopped_at IS NOT NULL))
);

-- The scheduler's claim reads only running clocks whose threshold is still ahead of an alert: its cost follows
-- what is due, not how many clocks are open (issue 5: "a test shows with EXPLAIN that open clocks are not scanned").
CREATE INDEX clocks_warn_pending ON clocks (warn_at) WHERE state = 'Running' AND warned_at IS NULL;
CREATE INDEX clocks_due_pending ON clocks (due_at) WHERE state = 'Running' AND overdue_at IS NULL;

-- Every pause interval with its reason and the written notice the law requires (e.g. the 补正告知书 number).
CREATE TABLE clock_pauses (
    clock_id uuid NOT NULL REFERENCES clocks (id),
    number integer NOT NULL,
    reason text NOT NULL CHECK (reason IN ('Supplement', 'Hearing', 'ExpertReview', 'Inspection', 'PublicNotice')),
    notice_reference text NOT NULL,
    paused_at timestamptz NOT NULL,
    resumed_at timestamptz,
    PRIMARY KEY (clock_id, number),
    CHECK (resumed_at IS NULL OR resumed_at >= paused_at)
);

-- At most one open pause per clock.
CREATE UNIQUE INDEX clock_pauses_one_open ON clock_pauses (clock_id) WHERE resumed_at IS NULL;

-- One alert per clock and level, ever (issue 5: "persisted, at least once, idempotent").
CREATE TABLE alerts (
    id uuid PRIMARY KEY,
    clock_id uuid NOT NULL REFERENCES clocks (id),
    level text NOT NULL CHECK (level IN ('Warning', 'Overdue')),
    -- The moment the threshold was crossed, which may be before any node noticed it.
    threshold_at timestamptz NOT NULL,
    raised_at timestamptz NOT NULL,
    CONSTRAINT alerts_one_per_clock_and_level UNIQUE (clock_id, level)
);

-- Deliveries of alerts to the supervision ledger, written in the claim's transaction and delivered after commit with
-- retries, so a crash between the two loses nothing (the ledger is idempotent on the alert's source key).
CREATE TABLE alert_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id uuid NOT NULL CONSTRAINT alert_outbox_one_per_alert UNIQUE REFERENCES alerts (id),
    next_attempt_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    delivered_at timestamptz
);

CREATE INDEX alert_outbox_pending ON alert_outbox (next_attempt_at) WHERE delivered_at IS NULL;
