-- The center's service windows (窗口): where a clerk sits and a case is received; a window may serve one department.
CREATE TABLE windows (
    region_code text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    department_code text,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (region_code, code)
);
