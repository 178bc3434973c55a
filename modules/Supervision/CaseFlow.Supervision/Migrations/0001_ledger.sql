-- The e-supervision ledger: every alert and violation from every module, with its handling state.
CREATE TABLE ledger_entries (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('Warning', 'Overdue', 'SecondNoticeOverride', 'RefusalOverride', 'UnacknowledgedTransfer', 'DeemedAcceptance')),
    -- One entry per source event, ever: a redelivered event finds its entry instead of adding one.
    source_key text NOT NULL,
    subject_type text NOT NULL,
    subject_id text NOT NULL,
    actor text,
    summary text NOT NULL,
    occurred_at timestamptz NOT NULL,
    state text NOT NULL DEFAULT 'Open' CHECK (state IN ('Open', 'Acknowledged', 'Rectified')),
    CONSTRAINT ledger_entries_source_key UNIQUE (region_code, source_key)
);

-- The supervisor's list: open entries, newest first.
CREATE INDEX ledger_entries_by_state ON ledger_entries (region_code, state, occurred_at DESC, id);
