-- Query side: the Users list and the accounts it belongs to. Rebuildable from the event store.
CREATE TABLE account_view (
    account_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
    display_name VARCHAR(256) NOT NULL,
    owner_oid    VARCHAR(64)  NOT NULL,
    owner_tenant_id VARCHAR(64) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

CREATE TABLE account_tenant_view (
    account_id            VARCHAR(64) NOT NULL,
    tenant_id             VARCHAR(64) NOT NULL,
    directory_integration BOOLEAN     NOT NULL DEFAULT FALSE,
    associated_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, tenant_id)
);

CREATE TABLE member_view (
    member_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    account_id          VARCHAR(64)  NOT NULL,
    member_type         VARCHAR(16)  NOT NULL,
    display_name        VARCHAR(512),
    first_name          VARCHAR(256),
    last_name           VARCHAR(256),
    username            VARCHAR(512),
    email               VARCHAR(512),
    app_id              VARCHAR(64),
    tenant_id           VARCHAR(64)  NOT NULL,
    directory_object_id VARCHAR(64)  NOT NULL,
    access              JSONB        NOT NULL,
    status              VARCHAR(32)  NOT NULL,
    last_activity       TIMESTAMPTZ,
    added_at            TIMESTAMPTZ  NOT NULL,
    -- sequence number of the member's last applied event: the ETag, and what makes replays idempotent
    version             BIGINT       NOT NULL,
    -- lower-cased name, username and email for the Users page's search box
    search_text         TEXT         NOT NULL
);
CREATE INDEX member_view_list ON member_view (account_id, display_name, member_id);
CREATE INDEX member_view_by_object ON member_view (account_id, directory_object_id);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX member_view_search ON member_view USING gin (search_text gin_trgm_ops);
