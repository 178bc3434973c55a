-- Hotline tickets (热线工单, rule 5): registered by an operator, transferred to a department on the hotline-ticket
-- process, answered within 3 working days (phone transfer) or 7 (written transfer).

-- Ticket numbers RX<year>-NNNNNN, one counter row per region and year, taken inside the registering transaction.
CREATE TABLE hotline_counters (
    region_code text NOT NULL,
    year integer NOT NULL,
    last_number integer NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE hotline_tickets (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    number text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('Phone', 'Written')),
    state text NOT NULL CHECK (state IN ('Transferred', 'Closed')),
    caller_name text NOT NULL,
    caller_phone text,
    subject text NOT NULL,
    content text NOT NULL,
    department_code text NOT NULL,
    center_code text NOT NULL,
    registered_by text NOT NULL,
    registered_by_id text NOT NULL,
    registered_at timestamptz NOT NULL,
    -- The registration's request id: a repeated request answers the ticket it registered first.
    request_id text,
    limit_working_days integer NOT NULL CHECK (limit_working_days > 0),
    instance_id uuid,
    reply_task_id text,
    due_at timestamptz,
    overdue_at timestamptz,
    reply text,
    replied_by text,
    replied_by_id text,
    replied_at timestamptz,
    replied_on_time boolean,
    closed_at timestamptz,
    CONSTRAINT hotline_tickets_number UNIQUE (region_code, number),
    CHECK ((reply IS NULL) = (replied_at IS NULL)),
    CHECK ((state = 'Closed') = (closed_at IS NOT NULL))
);

CREATE UNIQUE INDEX hotline_tickets_request ON hotline_tickets (region_code, request_id) WHERE request_id IS NOT NULL;

-- The process's service tasks find their ticket by instance.
CREATE UNIQUE INDEX hotline_tickets_instance ON hotline_tickets (instance_id) WHERE instance_id IS NOT NULL;

-- A department's tickets, earliest due first.
CREATE INDEX hotline_tickets_department ON hotline_tickets (region_code, department_code, state, due_at, id);

-- The supervisor's list: newest first (UUID v7 ids are time ordered), optionally one state.
CREATE INDEX hotline_tickets_by_state ON hotline_tickets (region_code, state, id DESC);

-- The hotline's figures, kept as tickets are registered, closed and found overdue (never by scanning tickets): one row
-- per center, handling department and day (the center's date).
CREATE TABLE hotline_daily_statistics (
    region_code text NOT NULL,
    center_code text NOT NULL,
    department_code text NOT NULL,
    day date NOT NULL,
    accepted integer NOT NULL DEFAULT 0,
    completed integer NOT NULL DEFAULT 0,
    completed_on_time integer NOT NULL DEFAULT 0,
    overdues integer NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, center_code, day, department_code)
);
