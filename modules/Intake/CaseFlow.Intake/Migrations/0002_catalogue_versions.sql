-- The catalogue's guide fields a case needs (政务公开: materials, conditions, legal basis) and its versions.
-- service_items holds the current version; every version ever published stays in service_item_versions as an
-- immutable snapshot, so a case keeps the version it was registered under (STYLE 15: a change is a new version).
ALTER TABLE service_items
    ADD COLUMN materials jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN conditions text NOT NULL DEFAULT '',
    ADD COLUMN legal_basis text NOT NULL DEFAULT '';

CREATE TABLE service_item_versions (
    service_item_id bigint NOT NULL REFERENCES service_items (id),
    version integer NOT NULL,
    snapshot jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (service_item_id, version)
);
