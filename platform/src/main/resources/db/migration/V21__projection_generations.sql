-- Rebuilds are blue-green: a projection is rebuilt into the copy of its tables that readers do not use,
-- and readers switch once it has caught up. Copy "public" is the first one; copy "projection_b" the other.
-- A later migration that changes a projection table changes it in both schemas.
CREATE TABLE projection_generation (
    projection_name VARCHAR(64) NOT NULL PRIMARY KEY,
    live_schema     VARCHAR(64) NOT NULL
);
INSERT INTO projection_generation (projection_name, live_schema)
VALUES ('users-list', 'public'), ('audit-history', 'public'), ('activity', 'public');

CREATE SCHEMA projection_b;
CREATE TABLE projection_b.account_view (LIKE public.account_view INCLUDING ALL);
CREATE TABLE projection_b.account_tenant_view (LIKE public.account_tenant_view INCLUDING ALL);
CREATE TABLE projection_b.member_view (LIKE public.member_view INCLUDING ALL);
CREATE TABLE projection_b.history_entry (LIKE public.history_entry INCLUDING ALL);
CREATE TABLE projection_b.page_visit (LIKE public.page_visit INCLUDING ALL);
CREATE TABLE projection_b.visitor_last_activity (LIKE public.visitor_last_activity INCLUDING ALL);
