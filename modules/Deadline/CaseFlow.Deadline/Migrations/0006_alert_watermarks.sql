-- The scheduler stops marking clock rows: per level, one row holds the point up to which every running clock's
-- threshold has been alerted, as (threshold, clock id) so that a batch may end between two clocks with the same
-- threshold. A sweep locks its level's row, raises the alerts of the running clocks past the point and up to its
-- "now" (at most a batch, in (threshold, id) order) and moves the point, in one transaction; no clock row is written.
-- A clock whose threshold is recomputed to at or before the point (or which starts or resumes behind it) is alerted by
-- the transaction that changes it, which reads the point FOR SHARE (see AlertScheduler.AlertBehindWatermarkSql).
CREATE TABLE alert_watermarks (
    level text PRIMARY KEY CHECK (level IN ('Warning', 'Overdue')),
    through_at timestamptz NOT NULL,
    through_id uuid NOT NULL
);

-- From the beginning: the first sweep after this migration catches up every crossed threshold; the alerts already
-- raised under the old markers are skipped by the unique (clock, level) alert.
INSERT INTO alert_watermarks (level, through_at, through_id)
VALUES ('Warning', '-infinity', '00000000-0000-0000-0000-000000000000'),
       ('Overdue', '-infinity', '00000000-0000-0000-0000-000000000000');

-- The sweep reads (watermark, now] from these; warned_at / overdue_at are no longer written (kept for the alerts
-- raised before this migration).
CREATE INDEX clocks_running_warn ON clocks (warn_at, id) WHERE state = 'Running';
CREATE INDEX clocks_running_due ON clocks (due_at, id) WHERE state = 'Running';
DROP INDEX clocks_warn_pending;
DROP INDEX clocks_due_pending;
