-- Special procedures that pause a case's clocks and a case's one extension are monitored nodes (rules 3 and 5).
-- (Merging another change to this list: the constraint must name every kind of LedgerEntryKind.)
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN (
    'Warning', 'Overdue', 'SecondNoticeOverride', 'RefusalOverride', 'UnacknowledgedTransfer', 'DeemedAcceptance',
    'ComplaintEscalated', 'BadRating', 'SpecialProcedure', 'CaseExtension'));
