-- JGroups' JDBC_PING: each node of the cluster writes its address here, so processes on one database find
-- each other. The coordinator rewrites the rows on every view change, so dead nodes do not linger.
CREATE TABLE jgroups_ping (
    own_addr     VARCHAR(200) NOT NULL,
    cluster_name VARCHAR(200) NOT NULL,
    ping_data    BYTEA,
    PRIMARY KEY (own_addr, cluster_name)
);
