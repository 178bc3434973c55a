-- The workflow runtime's own schema. Runtime tables (instances, user_tasks, timers) stay small: rows leave when
-- an instance moves on. History is append-only and kept apart so reads of it never slow the hot tables.

CREATE TABLE workflow.definitions (
    key           text        NOT NULL,
    version       integer     NOT NULL,
    content_hash  text        NOT NULL,
    name          text,
    xml           text        NOT NULL,
    deployed_at   timestamptz NOT NULL,
    PRIMARY KEY (key, version),
    -- Deploying the same content again gives the same version.
    UNIQUE (key, content_hash)
);

CREATE TABLE workflow.instances (
    id                  uuid        PRIMARY KEY,
    definition_key      text        NOT NULL,
    definition_version  integer     NOT NULL,
    business_key        text,
    status              text        NOT NULL,
    state               jsonb       NOT NULL,
    -- Incremented by every applied trigger, so readers can detect that an instance moved on.
    version             bigint      NOT NULL,
    started_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    ended_at            timestamptz,
    FOREIGN KEY (definition_key, definition_version) REFERENCES workflow.definitions (key, version)
);

CREATE INDEX instances_business_key ON workflow.instances (business_key) WHERE business_key IS NOT NULL;

CREATE TABLE workflow.user_tasks (
    instance_id           uuid        NOT NULL REFERENCES workflow.instances (id) ON DELETE CASCADE,
    task_id               text        NOT NULL,
    element_id            text        NOT NULL,
    name                  text,
    assignee              text,
    candidate_role        text,
    candidate_department  text,
    due_at                timestamptz,
    -- Tasks without a due date sort last; keyset paging needs a non-null key.
    due_sort              timestamptz NOT NULL GENERATED ALWAYS AS (coalesce(due_at, 'infinity'::timestamptz)) STORED,
    created_at            timestamptz NOT NULL,
    pauses_clock          boolean     NOT NULL,
    PRIMARY KEY (instance_id, task_id)
);

CREATE INDEX user_tasks_by_assignee ON workflow.user_tasks (assignee, due_sort, instance_id, task_id);
CREATE INDEX user_tasks_by_role ON workflow.user_tasks (candidate_role, due_sort, instance_id, task_id);
CREATE INDEX user_tasks_by_department ON workflow.user_tasks (candidate_department, due_sort, instance_id, task_id);
CREATE INDEX user_tasks_by_due ON workflow.user_tasks (due_sort, instance_id, task_id);

CREATE TABLE workflow.timers (
    instance_id  uuid        NOT NULL REFERENCES workflow.instances (id) ON DELETE CASCADE,
    timer_id     text        NOT NULL,
    element_id   text        NOT NULL,
    due_at       timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    PRIMARY KEY (instance_id, timer_id)
);

-- Workers claim what is due: cost follows what is due, not how many instances are open.
CREATE INDEX timers_due ON workflow.timers (due_at);

CREATE TABLE workflow.processed_triggers (
    idempotency_key  text        PRIMARY KEY,
    instance_id      uuid        NOT NULL,
    result           jsonb,
    processed_at     timestamptz NOT NULL
);

CREATE TABLE workflow.history (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id  uuid        NOT NULL,
    kind         text        NOT NULL,
    element_id   text        NOT NULL,
    task_id      text,
    actor        text,
    outcome      text,
    cancelled    boolean     NOT NULL DEFAULT false,
    at           timestamptz NOT NULL
);

CREATE INDEX history_by_instance ON workflow.history (instance_id, id);
