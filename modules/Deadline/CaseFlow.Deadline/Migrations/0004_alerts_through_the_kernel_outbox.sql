-- Alert deliveries move from the module's own alert_outbox to the Kernel's per-schema outbox: the scheduler now queues
-- ClockWarned / ClockOverdue there in the statement that raises the alert, and the Kernel's OutboxDispatcher delivers
-- them (AlertLedger records the ledger entry). Deliveries still pending are carried over, so none is lost.
INSERT INTO outbox (type, payload, occurred_at, next_attempt_at)
SELECT CASE a.level
           WHEN 'Warning' THEN 'CaseFlow.Deadline.Contracts.ClockWarned, CaseFlow.Deadline.Contracts'
           ELSE 'CaseFlow.Deadline.Contracts.ClockOverdue, CaseFlow.Deadline.Contracts'
       END,
       CASE a.level
           WHEN 'Warning' THEN jsonb_build_object('clockId', c.id, 'ownerKey', c.owner_key, 'warnAt', c.warn_at, 'dueAt', c.due_at)
           ELSE jsonb_build_object('clockId', c.id, 'ownerKey', c.owner_key, 'dueAt', c.due_at)
       END,
       a.threshold_at,
       o.next_attempt_at
FROM alert_outbox AS o
JOIN alerts AS a ON a.id = o.alert_id
JOIN clocks AS c ON c.id = a.clock_id
WHERE o.delivered_at IS NULL
ORDER BY o.id;

DROP TABLE alert_outbox;
