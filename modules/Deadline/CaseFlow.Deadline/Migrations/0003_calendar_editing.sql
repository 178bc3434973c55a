-- Calendar changes recompute open clocks: find a calendar's open clocks without scanning stopped ones.
CREATE INDEX clocks_open_by_calendar ON clocks (calendar_code, id) WHERE state <> 'Stopped';
