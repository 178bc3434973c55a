-- "My open items" at the window: a clerk's cases, newest first, without scanning every case (rule 1, 首问负责).
CREATE INDEX cases_by_first_contact ON cases (region_code, first_contact_id, received_at DESC) WHERE state <> 'Refused';
