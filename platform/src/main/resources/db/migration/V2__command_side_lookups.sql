-- The command side's own consistent view, written in the same transaction as the events
-- (subscribing processor): it backs set-based validation and authorization of commands.
CREATE TABLE account_lookup (
    account_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_oid   VARCHAR(64)  NOT NULL,
    owner_tenant_id VARCHAR(64) NOT NULL
);

CREATE TABLE account_tenant_lookup (
    account_id VARCHAR(64) NOT NULL,
    tenant_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (account_id, tenant_id)
);

-- One row per current member. The unique key makes a directory object a member of an account at most once.
CREATE TABLE member_lookup (
    member_id           VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id          VARCHAR(64) NOT NULL,
    tenant_id           VARCHAR(64) NOT NULL,
    directory_object_id VARCHAR(64) NOT NULL,
    member_type         VARCHAR(16) NOT NULL,
    access              JSONB       NOT NULL,
    CONSTRAINT member_lookup_one_membership_per_object UNIQUE (account_id, directory_object_id)
);
CREATE INDEX member_lookup_by_tenant ON member_lookup (account_id, tenant_id);
