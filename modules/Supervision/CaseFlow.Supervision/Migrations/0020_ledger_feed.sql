-- The live alert feed (issue 5 item 9): every entry gets a number in insertion order. It is the server-sent event id,
-- so a client that reconnects with Last-Event-ID reads the entries after it. (Numbered 0020 so that the module's
-- other migrations can go on at 0003.)
ALTER TABLE ledger_entries ADD COLUMN feed_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX ledger_entries_feed_seq ON ledger_entries (feed_seq);
