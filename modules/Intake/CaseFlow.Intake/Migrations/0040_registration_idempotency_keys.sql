-- A registration sent twice (a double click, a retried request) with the same Idempotency-Key from the same center
-- registers one case: the unique index, not a read before the insert, decides between two concurrent requests.
ALTER TABLE cases
    ADD COLUMN idempotency_key text,
    ADD COLUMN request_hash text;

CREATE UNIQUE INDEX cases_idempotency_key ON cases (region_code, center_code, idempotency_key) WHERE idempotency_key IS NOT NULL;
