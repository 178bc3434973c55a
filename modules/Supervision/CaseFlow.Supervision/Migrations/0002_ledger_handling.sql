-- Who acknowledged an entry and when, and how it was rectified (issue 5: open, acknowledged, rectified with a note).
ALTER TABLE ledger_entries
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN acknowledged_by text,
    ADD COLUMN rectified_at timestamptz,
    ADD COLUMN rectified_by text,
    ADD COLUMN rectification_note text,
    ADD CONSTRAINT ledger_entries_rectified_with_note CHECK ((state = 'Rectified') = (rectification_note IS NOT NULL));
