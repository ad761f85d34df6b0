-- Audit history: one row per membership or account event, in event store order. Also the index that lets
-- asOf replay one account's events straight from the event store.
CREATE TABLE history_entry (
    position   BIGINT       NOT NULL PRIMARY KEY,
    account_id VARCHAR(64)  NOT NULL,
    member_id  VARCHAR(64),
    type       VARCHAR(64)  NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor_oid  VARCHAR(64),
    actor_name VARCHAR(256),
    details    JSONB        NOT NULL
);
CREATE INDEX history_entry_account ON history_entry (account_id, position);
CREATE INDEX history_entry_account_member ON history_entry (account_id, member_id, position);
CREATE INDEX history_entry_account_time ON history_entry (account_id, occurred_at);

-- The 30-day activity history: page visits per visitor, purged after 30 days.
CREATE TABLE page_visit (
    event_id    VARCHAR(64)   NOT NULL,
    item        INTEGER       NOT NULL,
    account_id  VARCHAR(64)   NOT NULL,
    tenant_id   VARCHAR(64)   NOT NULL,
    visitor_oid VARCHAR(64)   NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    visited_at  TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (event_id, item)
);
CREATE INDEX page_visit_by_visitor ON page_visit (account_id, visitor_oid, visited_at DESC);
CREATE INDEX page_visit_by_time ON page_visit (visited_at);

CREATE TABLE visitor_last_activity (
    account_id    VARCHAR(64) NOT NULL,
    tenant_id     VARCHAR(64) NOT NULL,
    visitor_oid   VARCHAR(64) NOT NULL,
    last_visit_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, visitor_oid, tenant_id)
);
