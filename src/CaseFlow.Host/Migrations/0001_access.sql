-- Staff accounts and API keys (the Host's access schema), and the shared data-protection key ring that lets every
-- node read the sign-in cookies of the others.
CREATE TABLE staff_accounts (
    id uuid PRIMARY KEY,
    login text NOT NULL,
    display_name text NOT NULL,
    password_hash text NOT NULL,
    roles text[] NOT NULL,
    center_code text NOT NULL,
    department_code text,
    window_code text,
    failed_sign_ins integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    CONSTRAINT staff_accounts_login_key UNIQUE (login)
);

CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    -- SHA-256 of the key: the key itself is shown once, at creation.
    key_hash text NOT NULL,
    roles text[] NOT NULL,
    center_code text NOT NULL,
    department_code text,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);

CREATE TABLE data_protection_keys (
    friendly_name text PRIMARY KEY,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
