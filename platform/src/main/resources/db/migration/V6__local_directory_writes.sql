-- The local directory learns to write: applications' URLs, guests' invitation state, group members, keys.
ALTER TABLE local_directory_object
    ADD COLUMN reply_url           VARCHAR(256),
    ADD COLUMN app_id_uri          VARCHAR(256),
    ADD COLUMN mail_nickname       VARCHAR(64),
    ADD COLUMN external_user_state VARCHAR(32);
CREATE UNIQUE INDEX local_directory_object_upn ON local_directory_object (tenant_id, lower(user_principal_name))
    WHERE object_type = 'USER' AND user_principal_name IS NOT NULL;

CREATE TABLE local_directory_group_member (
    tenant_id        VARCHAR(64) NOT NULL,
    group_id         VARCHAR(64) NOT NULL,
    member_object_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (tenant_id, group_id, member_object_id)
);

-- Only what a key list shows; the local directory, like Azure AD, never gives the secret out twice.
CREATE TABLE local_directory_key (
    tenant_id      VARCHAR(64)  NOT NULL,
    application_id VARCHAR(64)  NOT NULL,
    key_id         VARCHAR(64)  NOT NULL,
    hint           VARCHAR(8),
    created_at     TIMESTAMPTZ  NOT NULL,
    expires_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, application_id, key_id)
);
