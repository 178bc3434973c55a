-- Supervision runs complaint reply limits and bad-review rectification limits on clocks too (issue 5, items 5 and 7).
ALTER TABLE clocks DROP CONSTRAINT clocks_kind_check;
ALTER TABLE clocks ADD CONSTRAINT clocks_kind_check CHECK (kind IN ('Committed', 'Statutory', 'Task', 'Complaint', 'Rectification'));
