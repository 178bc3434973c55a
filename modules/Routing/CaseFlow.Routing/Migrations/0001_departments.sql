-- Departments stationed at the center; lead and co-department routing refers to them by code.
CREATE TABLE departments (
    region_code text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (region_code, code)
);
