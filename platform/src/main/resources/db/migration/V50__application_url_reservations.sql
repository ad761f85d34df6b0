-- A Reply URL or App ID URI a new (or changed) application is about to take in its tenant, held from the request
-- until directory sync has pushed it or given up: Graph itself does not keep Reply URLs unique, and two
-- concurrent requests would both find the URL free in the directory.
CREATE TABLE application_url_reservation (
    tenant_id   VARCHAR(64)  NOT NULL,
    url_kind    VARCHAR(16)  NOT NULL,
    url         VARCHAR(256) NOT NULL,
    member_id   VARCHAR(64)  NOT NULL,
    reserved_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, url_kind, url)
);
CREATE INDEX application_url_reservation_by_member ON application_url_reservation (member_id);
