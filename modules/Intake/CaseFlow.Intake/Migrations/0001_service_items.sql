-- The service-item catalogue (实施清单): "same item, same standard, same code" per region.
CREATE TABLE service_items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    case_type text NOT NULL CHECK (case_type IN ('Immediate', 'Promised', 'Joint', 'Reported')),
    lead_department text NOT NULL,
    co_departments text[] NOT NULL DEFAULT '{}',
    committed_limit_days integer NOT NULL CHECK (committed_limit_days >= 0),
    statutory_limit_days integer NOT NULL,
    published boolean NOT NULL DEFAULT false,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    -- Rule 3: the committed limit is never longer than the statutory one.
    CONSTRAINT committed_within_statutory CHECK (committed_limit_days <= statutory_limit_days),
    CONSTRAINT service_items_region_code_key UNIQUE (region_code, code)
);
