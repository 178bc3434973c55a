-- Where each accepted case is routed (from its service item): the lead department and the co-departments.
-- A department's queue reads these rows.
CREATE TABLE routed_cases (
    region_code text NOT NULL,
    case_number text NOT NULL,
    department_code text NOT NULL,
    lead boolean NOT NULL,
    service_item_code text NOT NULL,
    accepted_at timestamptz NOT NULL,
    PRIMARY KEY (region_code, case_number, department_code)
);
CREATE INDEX routed_cases_queue ON routed_cases (region_code, department_code, accepted_at, case_number);

-- Who holds a case now (a window or a department) and the one person accountable for it (rule 1).
CREATE TABLE case_holders (
    region_code text NOT NULL,
    case_number text NOT NULL,
    holder_kind text NOT NULL CHECK (holder_kind IN ('Window', 'Department')),
    holder_code text NOT NULL,
    accountable_id text,
    accountable_name text,
    PRIMARY KEY (region_code, case_number)
);

-- Handovers of a case between windows and departments (转办), kept whole; the receiver must acknowledge.
CREATE TABLE case_transfers (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    case_number text NOT NULL,
    from_kind text NOT NULL,
    from_code text NOT NULL,
    requested_by text NOT NULL,
    requested_by_name text NOT NULL,
    to_kind text NOT NULL CHECK (to_kind IN ('Window', 'Department')),
    to_code text NOT NULL,
    reason text NOT NULL,
    requested_at timestamptz NOT NULL,
    acknowledge_due_at timestamptz NOT NULL,
    acknowledged_by text,
    acknowledged_by_name text,
    acknowledged_at timestamptz,
    escalated_at timestamptz
);
CREATE INDEX case_transfers_by_case ON case_transfers (region_code, case_number, requested_at);
CREATE UNIQUE INDEX case_transfers_one_pending ON case_transfers (region_code, case_number) WHERE acknowledged_at IS NULL;
CREATE INDEX case_transfers_acknowledge_due ON case_transfers (acknowledge_due_at) WHERE acknowledged_at IS NULL AND escalated_at IS NULL;
