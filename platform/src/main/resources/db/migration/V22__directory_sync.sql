-- Directory sync: new users and invitations have no directory object until the directory made it.
ALTER TABLE member_lookup ALTER COLUMN directory_object_id DROP NOT NULL;
ALTER TABLE member_lookup ADD COLUMN invitation_email VARCHAR(320), ADD COLUMN invitation_id VARCHAR(64);
CREATE UNIQUE INDEX member_lookup_one_pending_invitation_per_email
    ON member_lookup (account_id, tenant_id, lower(invitation_email)) WHERE invitation_email IS NOT NULL;
ALTER TABLE account_tenant_lookup ADD COLUMN directory_integration BOOLEAN NOT NULL DEFAULT FALSE;

-- Secrets shown once: temporary passwords and application keys, AES-GCM encrypted, deleted when read or
-- after 15 minutes. What a credentials answer shows besides the secret is kept in the clear in "shown".
CREATE TABLE one_time_secret (
    credentials_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_oid      VARCHAR(64)  NOT NULL,
    kind           VARCHAR(32)  NOT NULL,
    nonce          BYTEA,
    ciphertext     BYTEA,
    shown          JSONB        NOT NULL DEFAULT '{}'::jsonb,
    ready          BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX one_time_secret_expiry ON one_time_secret (expires_at);
-- a read or expired entry leaves a tombstone, so that later reads answer 410 rather than 404
CREATE TABLE one_time_secret_spent (
    credentials_id VARCHAR(64) NOT NULL PRIMARY KEY,
    owner_oid      VARCHAR(64) NOT NULL,
    spent_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- db-scheduler: the persistent deadline manager behind directory sync's retries (survive restarts).
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Directory sync's own tracking of what it reconciles: pending invitations and associated tenants.
CREATE TABLE sync_pending_invitation (
    member_id           VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id          VARCHAR(64) NOT NULL,
    tenant_id           VARCHAR(64) NOT NULL,
    directory_object_id VARCHAR(64)
);
CREATE TABLE sync_tenant (
    account_id               VARCHAR(64) NOT NULL,
    tenant_id                VARCHAR(64) NOT NULL,
    on_premises_sync_enabled BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (account_id, tenant_id)
);

-- Users list: sync state, new-user details, invitations (both copies of the projection).
ALTER TABLE public.member_view ALTER COLUMN directory_object_id DROP NOT NULL;
ALTER TABLE public.member_view ADD COLUMN sync_error TEXT, ADD COLUMN group_ids JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE projection_b.member_view ALTER COLUMN directory_object_id DROP NOT NULL;
ALTER TABLE projection_b.member_view ADD COLUMN sync_error TEXT, ADD COLUMN group_ids JSONB NOT NULL DEFAULT '[]'::jsonb;

CREATE TABLE public.invitation_view (
    invitation_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    account_id    VARCHAR(64)  NOT NULL,
    member_id     VARCHAR(64)  NOT NULL,
    email         VARCHAR(320) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    sent_at       TIMESTAMPTZ  NOT NULL,
    resent_at     TIMESTAMPTZ,
    accepted_at   TIMESTAMPTZ,
    version       BIGINT       NOT NULL
);
CREATE INDEX invitation_view_account ON public.invitation_view (account_id, status, sent_at);
CREATE TABLE projection_b.invitation_view (LIKE public.invitation_view INCLUDING ALL);
