-- Inquiries (咨询) under first-contact responsibility (首问负责制, rule 1): whoever records one owns it.
CREATE TABLE inquiries (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    subject text NOT NULL,
    question text NOT NULL,
    applicant_name text,
    recorded_by text NOT NULL,
    recorded_by_name text NOT NULL,
    recorded_at timestamptz NOT NULL,
    -- Exactly one accountable person at every moment: set on recording, moved only by an acknowledged transfer.
    accountable_id text NOT NULL,
    accountable_name text NOT NULL,
    state text NOT NULL CHECK (state IN ('Open', 'TransferPending', 'Answered')),
    answer text,
    answered_by text,
    answered_at timestamptz
);
CREATE INDEX inquiries_by_accountable ON inquiries (region_code, accountable_id, state);

-- The chain of handovers (转办), kept whole for supervision.
CREATE TABLE inquiry_transfers (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    inquiry_id uuid NOT NULL REFERENCES inquiries (id),
    from_id text NOT NULL,
    from_name text NOT NULL,
    to_kind text NOT NULL CHECK (to_kind IN ('Window', 'Department', 'Person')),
    to_code text NOT NULL,
    reason text NOT NULL,
    requested_at timestamptz NOT NULL,
    acknowledge_due_at timestamptz NOT NULL,
    acknowledged_by text,
    acknowledged_by_name text,
    acknowledged_at timestamptz,
    escalated_at timestamptz
);
CREATE INDEX inquiry_transfers_by_inquiry ON inquiry_transfers (inquiry_id, requested_at);
-- At most one pending handover per inquiry.
CREATE UNIQUE INDEX inquiry_transfers_one_pending ON inquiry_transfers (inquiry_id) WHERE acknowledged_at IS NULL;
-- The sweep's queue: only transfers still waiting for acknowledgement and not yet escalated, by due time.
CREATE INDEX inquiry_transfers_acknowledge_due ON inquiry_transfers (acknowledge_due_at) WHERE acknowledged_at IS NULL AND escalated_at IS NULL;
-- Receivers look up the handovers waiting for them.
CREATE INDEX inquiry_transfers_pending_for ON inquiry_transfers (region_code, to_kind, to_code) WHERE acknowledged_at IS NULL;
