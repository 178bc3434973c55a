-- Cases (办件) from reception to acceptance or refusal. The intake process (workflows/intake.bpmn) decides; this
-- table holds the case's data and a state that mirrors what the process decided.
CREATE TABLE cases (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code text NOT NULL,
    center_code text NOT NULL,
    -- The intake process's business key: every application gets one at reception, accepted or not.
    reception_number text NOT NULL,
    -- Given at acceptance only (受理), unique per center and year.
    case_number text,
    service_item_code text NOT NULL,
    service_item_version integer NOT NULL,
    -- The item as it was when the case was registered (name, limits, departments, materials).
    service_item jsonb NOT NULL,
    applicant_kind text NOT NULL CHECK (applicant_kind IN ('Person', 'Organization')),
    applicant_name text NOT NULL,
    applicant_id_number text,
    applicant_credit_code text,
    applicant_phone text NOT NULL,
    -- Material code -> what the window holds; see CaseMaterial.
    materials jsonb NOT NULL,
    state text NOT NULL CHECK (state IN ('Received', 'NoticeIssued', 'Supplemented', 'Accepted', 'Refused')),
    deemed boolean NOT NULL DEFAULT false,
    first_contact_id text NOT NULL,
    first_contact_name text NOT NULL,
    process_instance_id uuid,
    received_at timestamptz NOT NULL,
    accepted_at timestamptz,
    committed_date date,
    refused_at timestamptz,
    refusal jsonb,
    updated_at timestamptz NOT NULL,
    CONSTRAINT cases_reception_number_key UNIQUE (region_code, reception_number),
    CONSTRAINT cases_case_number_key UNIQUE (center_code, case_number)
);

-- Readable numbers per center, kind and year, handed out under the counter row's lock (safe with many nodes).
CREATE TABLE number_counters (
    center_code text NOT NULL,
    kind text NOT NULL,
    year integer NOT NULL,
    last_value bigint NOT NULL,
    PRIMARY KEY (center_code, kind, year)
);

-- Rule 2 (一次告知制): the deficiency notices of a case; the first is the single notice, any later one exists only
-- under a supervisor's override (override_id).
CREATE TABLE deficiency_notices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES cases (id),
    sequence integer NOT NULL,
    stage text NOT NULL CHECK (stage IN ('Intake', 'Review')),
    items jsonb NOT NULL,
    issued_by text,
    issued_at timestamptz NOT NULL,
    override_id bigint,
    job_id text,
    CONSTRAINT deficiency_notices_case_sequence_key UNIQUE (case_id, sequence)
);

-- A supervisor's permission to break the single-notice rule once, with the reason; used_at when consumed.
CREATE TABLE supervisor_overrides (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES cases (id),
    kind text NOT NULL CHECK (kind IN ('SecondNotice', 'Refusal')),
    materials text[] NOT NULL,
    reason text NOT NULL,
    granted_by text NOT NULL,
    granted_by_name text NOT NULL,
    granted_at timestamptz NOT NULL,
    used_at timestamptz
);

-- Service tasks are delivered at least once: a handled job id is remembered so a retry changes nothing.
CREATE TABLE handled_jobs (
    job_id text PRIMARY KEY,
    handler text NOT NULL,
    case_id bigint,
    handled_at timestamptz NOT NULL
);

-- Every read of an applicant's unmasked ID or phone: who, when, which case.
CREATE TABLE personal_data_reads (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES cases (id),
    actor_id text NOT NULL,
    actor_name text NOT NULL,
    read_at timestamptz NOT NULL
);
CREATE INDEX personal_data_reads_case ON personal_data_reads (case_id, read_at);
