-- Directory sync's own view of the members whose directory objects it reads back: by object, to find the member a
-- directory change concerns, and which existing objects still have to be read once after they were added.
CREATE TABLE sync_member (
    member_id           VARCHAR(64) NOT NULL PRIMARY KEY,
    account_id          VARCHAR(64) NOT NULL,
    tenant_id           VARCHAR(64) NOT NULL,
    member_type         VARCHAR(16) NOT NULL,
    directory_object_id VARCHAR(64),
    needs_read          BOOLEAN     NOT NULL DEFAULT FALSE,
    -- digest of the directory state last sent to the member: a full sync sends only what differs from it
    last_state          VARCHAR(64)
);
CREATE INDEX sync_member_by_object ON sync_member (tenant_id, directory_object_id);
CREATE INDEX sync_member_to_read ON sync_member (member_id) WHERE needs_read;
-- the members there are already (the tracking processor only sees events from now on)
INSERT INTO sync_member (member_id, account_id, tenant_id, member_type, directory_object_id)
    SELECT member_id, account_id, tenant_id, member_type, directory_object_id FROM member_lookup;

-- Each tenant's Graph delta links, one per resource (users, groups, applications): where the next round starts.
CREATE TABLE directory_delta_link (
    tenant_id  VARCHAR(64)  NOT NULL,
    resource   VARCHAR(32)  NOT NULL,
    delta_link TEXT         NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, resource)
);
