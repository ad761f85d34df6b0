-- The 'local' directory adapter: a directory the service keeps itself, for a first try without Azure AD.
CREATE TABLE local_directory_object (
    tenant_id           VARCHAR(64)  NOT NULL,
    object_id           VARCHAR(64)  NOT NULL,
    object_type         VARCHAR(16)  NOT NULL,
    display_name        VARCHAR(512) NOT NULL,
    given_name          VARCHAR(256),
    surname             VARCHAR(256),
    user_principal_name VARCHAR(512),
    mail                VARCHAR(512),
    app_id              VARCHAR(64),
    PRIMARY KEY (tenant_id, object_id)
);
CREATE INDEX local_directory_object_search ON local_directory_object (tenant_id, object_type, lower(display_name));

CREATE TABLE local_directory_tenant (
    tenant_id                VARCHAR(64) NOT NULL PRIMARY KEY,
    on_premises_sync_enabled BOOLEAN     NOT NULL DEFAULT FALSE
);
