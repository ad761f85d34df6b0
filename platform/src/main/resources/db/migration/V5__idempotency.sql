-- Answers to POST requests sent with an Idempotency-Key, kept 24 hours and replayed to retries.
CREATE TABLE idempotent_request (
    caller_oid      VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed       BOOLEAN      NOT NULL DEFAULT FALSE,
    status          INTEGER,
    content_type    VARCHAR(255),
    headers         JSONB,
    body            BYTEA,
    PRIMARY KEY (caller_oid, idempotency_key)
);
CREATE INDEX idempotent_request_expiry ON idempotent_request (created_at);
