-- Users list: applications' URLs and keys (both copies of the projection).
ALTER TABLE public.member_view ADD COLUMN reply_url VARCHAR(256), ADD COLUMN app_id_uri VARCHAR(256);
ALTER TABLE projection_b.member_view ADD COLUMN reply_url VARCHAR(256), ADD COLUMN app_id_uri VARCHAR(256);

-- What a key list shows: never the key itself.
CREATE TABLE public.application_key_view (
    member_id  VARCHAR(64) NOT NULL,
    key_id     VARCHAR(64) NOT NULL,
    account_id VARCHAR(64) NOT NULL,
    hint       VARCHAR(8),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (member_id, key_id)
);
CREATE TABLE projection_b.application_key_view (LIKE public.application_key_view INCLUDING ALL);
