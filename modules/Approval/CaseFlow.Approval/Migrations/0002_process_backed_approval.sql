-- The approval of a case, started from CaseAccepted; the process (workflow runtime) decides, this row mirrors it.
CREATE TABLE approval_cases (
    region_code text NOT NULL,
    case_number text NOT NULL,
    service_item_code text NOT NULL,
    case_type text NOT NULL,
    lead_department text NOT NULL,
    co_departments text[] NOT NULL DEFAULT '{}',
    process_key text NOT NULL,
    instance_id uuid,
    committed_due_at timestamptz NOT NULL,
    accepted_at timestamptz NOT NULL,
    result text CHECK (result IN ('Approved', 'Refused')),
    reasons text,
    legal_basis text,
    completed_at timestamptz,
    PRIMARY KEY (region_code, case_number)
);

-- Department tasks now mirror the process's open user tasks, one row per process task. Rows opened by hand before
-- (no process behind them) would be a second state machine: they go.
DELETE FROM department_tasks;
ALTER TABLE department_tasks DROP CONSTRAINT department_tasks_case_department_key;
ALTER TABLE department_tasks DROP CONSTRAINT department_tasks_state_check;
ALTER TABLE department_tasks
    ADD COLUMN instance_id uuid NOT NULL,
    ADD COLUMN process_task_id text NOT NULL,
    ADD COLUMN element_id text NOT NULL,
    ADD COLUMN kind text NOT NULL CHECK (kind IN ('Distribution', 'Review', 'Decision')),
    ADD COLUMN claimed_by text,
    ADD COLUMN claimed_at timestamptz,
    ADD COLUMN closed_at timestamptz,
    ADD CONSTRAINT department_tasks_state_check
        CHECK (state IN ('Opened', 'Claimed', 'Approved', 'Rejected', 'SupplementRequested', 'Distributed', 'Refused', 'Closed')),
    ADD CONSTRAINT department_tasks_process_task_key UNIQUE (instance_id, process_task_id);
CREATE INDEX department_tasks_by_case ON department_tasks (region_code, case_number);

-- Every signed opinion (审查意见), kept for the lead department, the co-departments and supervision.
CREATE TABLE opinions (
    id uuid PRIMARY KEY,
    region_code text NOT NULL,
    case_number text NOT NULL,
    department_task_id uuid NOT NULL REFERENCES department_tasks (id),
    department_code text NOT NULL,
    kind text NOT NULL,
    outcome text NOT NULL,
    opinion text NOT NULL,
    reasons text,
    legal_basis text,
    signed_by text NOT NULL,
    signed_at timestamptz NOT NULL,
    CONSTRAINT opinions_task_key UNIQUE (department_task_id)
);
CREATE INDEX opinions_by_case ON opinions (region_code, case_number, signed_at);
