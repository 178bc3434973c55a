-- The rest of the guide (政务公开, DOMAIN rule 6): item type, level, implementing body, fee, on-site visits, office hours,
-- location, phones, FAQ and the workflow an item runs on. Existing items and their version snapshots keep working:
-- every new column has a default, and a snapshot without these fields reads them as their defaults.
ALTER TABLE service_items
    ADD COLUMN item_type text NOT NULL DEFAULT '',
    ADD COLUMN level text NOT NULL DEFAULT 'County' CHECK (level IN ('County', 'City', 'Province', 'Township')),
    ADD COLUMN implementing_body text NOT NULL DEFAULT '',
    ADD COLUMN fee_charged boolean NOT NULL DEFAULT false,
    ADD COLUMN fee_standard text NOT NULL DEFAULT '',
    ADD COLUMN on_site_visits integer NOT NULL DEFAULT 0 CHECK (on_site_visits >= 0),
    ADD COLUMN office_hours text NOT NULL DEFAULT '',
    ADD COLUMN location text NOT NULL DEFAULT '',
    ADD COLUMN inquiry_phone text NOT NULL DEFAULT '',
    ADD COLUMN complaint_phone text NOT NULL DEFAULT '',
    ADD COLUMN faq jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN workflow text NOT NULL DEFAULT '';
