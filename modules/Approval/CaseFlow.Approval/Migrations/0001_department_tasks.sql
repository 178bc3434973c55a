-- One row per department review of a case: the department inbox (ordered by due) reads it.
CREATE TABLE department_tasks (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    case_number text NOT NULL,
    department_code text NOT NULL,
    state text NOT NULL CHECK (state IN ('Opened', 'Claimed', 'Approved', 'Rejected', 'SupplementRequested')),
    due_at timestamptz NOT NULL,
    opened_at timestamptz NOT NULL,
    CONSTRAINT department_tasks_case_department_key UNIQUE (region_code, case_number, department_code)
);

-- The inbox: a department's tasks in a state, earliest due first, paged by (due_at, id).
CREATE INDEX department_tasks_inbox ON department_tasks (region_code, department_code, state, due_at, id);
