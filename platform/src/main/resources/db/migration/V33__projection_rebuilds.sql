-- Rebuilds are coordinated through the database so that every query node sees them: one row per projection
-- (its latest rebuild), claimed by the node that replays it with a lease it renews; another node takes over
-- a rebuild whose lease ran out. Times are the database's, so that nodes' clocks do not matter.
CREATE TABLE projection_rebuild (
    projection_name   VARCHAR(64)  NOT NULL PRIMARY KEY,
    rebuild_id        UUID         NOT NULL,
    target_schema     VARCHAR(64)  NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    owner             VARCHAR(255),
    lease_until       TIMESTAMPTZ  NOT NULL,
    head_at_start     BIGINT       NOT NULL,
    position          BIGINT       NOT NULL DEFAULT 0,
    started_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    handover_deadline TIMESTAMPTZ,
    failure           TEXT,
    CONSTRAINT projection_rebuild_state
        CHECK (state IN ('STARTED', 'CATCHING_UP', 'HANDING_OVER', 'DONE', 'FAILED'))
);

-- The query nodes running live projections, each seen within the last seconds: a hand-over waits for all
-- of them to pause.
CREATE TABLE projection_node (
    node_id VARCHAR(255) NOT NULL PRIMARY KEY,
    seen_at TIMESTAMPTZ  NOT NULL
);

-- A node's acknowledgement that its live processor of the projection is paused for this hand-over.
CREATE TABLE projection_pause (
    rebuild_id UUID         NOT NULL,
    node_id    VARCHAR(255) NOT NULL,
    paused_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (rebuild_id, node_id)
);
