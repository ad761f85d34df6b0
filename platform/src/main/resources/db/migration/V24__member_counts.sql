-- The Users list's totals without counting 100,000 rows per page: member_view keeps a count per account,
-- tenant, type and status through a trigger, in whichever copy (schema) of the projection it writes.
CREATE TABLE public.member_count (
    account_id  VARCHAR(64) NOT NULL,
    tenant_id   VARCHAR(64) NOT NULL,
    member_type VARCHAR(16) NOT NULL,
    status      VARCHAR(32) NOT NULL,
    members     BIGINT      NOT NULL,
    PRIMARY KEY (account_id, tenant_id, member_type, status)
);
CREATE TABLE projection_b.member_count (LIKE public.member_count INCLUDING ALL);

CREATE FUNCTION public.count_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('UPDATE %I.member_count SET members = members - 1 WHERE account_id = $1 AND tenant_id = $2 '
                       'AND member_type = $3 AND status = $4', TG_TABLE_SCHEMA)
            USING OLD.account_id, OLD.tenant_id, OLD.member_type, OLD.status;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        EXECUTE format('INSERT INTO %I.member_count AS c (account_id, tenant_id, member_type, status, members) '
                       'VALUES ($1, $2, $3, $4, 1) ON CONFLICT (account_id, tenant_id, member_type, status) '
                       'DO UPDATE SET members = c.members + 1', TG_TABLE_SCHEMA)
            USING NEW.account_id, NEW.tenant_id, NEW.member_type, NEW.status;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER member_view_counts AFTER INSERT OR DELETE ON public.member_view
    FOR EACH ROW EXECUTE FUNCTION public.count_members();
CREATE TRIGGER member_view_status_counts AFTER UPDATE OF status, tenant_id, member_type ON public.member_view
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id
        OR OLD.member_type IS DISTINCT FROM NEW.member_type)
    EXECUTE FUNCTION public.count_members();
CREATE TRIGGER member_view_counts AFTER INSERT OR DELETE ON projection_b.member_view
    FOR EACH ROW EXECUTE FUNCTION public.count_members();
CREATE TRIGGER member_view_status_counts AFTER UPDATE OF status, tenant_id, member_type ON projection_b.member_view
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id
        OR OLD.member_type IS DISTINCT FROM NEW.member_type)
    EXECUTE FUNCTION public.count_members();

INSERT INTO public.member_count (account_id, tenant_id, member_type, status, members)
SELECT account_id, tenant_id, member_type, status, count(*) FROM public.member_view
GROUP BY account_id, tenant_id, member_type, status;
INSERT INTO projection_b.member_count (account_id, tenant_id, member_type, status, members)
SELECT account_id, tenant_id, member_type, status, count(*) FROM projection_b.member_view
GROUP BY account_id, tenant_id, member_type, status;
