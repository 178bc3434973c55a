-- Working-day calendars: weekends are off unless listed as make-up working days (调休); listed holidays are off.
CREATE TABLE calendars (
    code text PRIMARY KEY,
    parent_code text REFERENCES calendars (code),
    name text NOT NULL
);

-- Years whose official arrangement has been entered; a year missing here counts weekends only and is flagged.
CREATE TABLE calendar_years (
    calendar_code text NOT NULL REFERENCES calendars (code),
    year integer NOT NULL,
    source text NOT NULL,
    PRIMARY KEY (calendar_code, year)
);

CREATE TABLE calendar_days (
    calendar_code text NOT NULL REFERENCES calendars (code),
    day date NOT NULL,
    kind text NOT NULL CHECK (kind IN ('Holiday', 'Workday')),
    name text NOT NULL,
    PRIMARY KEY (calendar_code, day)
);

INSERT INTO calendars (code, parent_code, name) VALUES ('CN', NULL, '全国');
