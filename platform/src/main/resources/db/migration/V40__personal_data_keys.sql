-- Crypto-shredding: the keys that encrypt personal data in events, one live key per subject
-- ("person:<object id>", "member:<member id>", "visits:<object id>:<day>"). A data key is stored wrapped
-- (AES-GCM) by the key-encryption key from configuration (gatehouse.privacy.key); destroying it sets
-- wrapped_key to NULL, and every event value sealed with it then reads "[erased]". The row stays: ids only.
CREATE TABLE personal_data_key (
    key_id       VARCHAR(36)  NOT NULL PRIMARY KEY,
    subject      VARCHAR(200) NOT NULL,
    wrapped_key  BYTEA,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    destroyed_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX personal_data_key_live ON personal_data_key (subject) WHERE destroyed_at IS NULL;
CREATE INDEX personal_data_key_subject ON personal_data_key (subject text_pattern_ops);
CREATE INDEX personal_data_key_expiry ON personal_data_key (expires_at) WHERE destroyed_at IS NULL;
-- every node reads the keys destroyed lately, to drop them from its cache
CREATE INDEX personal_data_key_destroyed ON personal_data_key (destroyed_at) WHERE destroyed_at IS NOT NULL;

-- Which memberships were a person's (by directory object id), kept after a member is removed, so that an
-- erasure finds the member keys of users who were invited or created before the directory had an object.
CREATE TABLE person_membership (
    member_id           VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id          VARCHAR(64) NOT NULL,
    directory_object_id VARCHAR(64) NOT NULL
);
CREATE INDEX person_membership_object ON person_membership (directory_object_id);
INSERT INTO person_membership (member_id, account_id, directory_object_id)
SELECT member_id, account_id, directory_object_id FROM member_lookup
WHERE member_type = 'USER' AND directory_object_id IS NOT NULL;
