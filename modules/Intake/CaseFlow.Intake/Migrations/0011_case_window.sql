-- The window where the case was received (the first contact's window at registration), for routing and statistics.
ALTER TABLE cases ADD COLUMN window_code text;
