-- Command reads find members by directory object (the caller's entries, an add's check), by member id, or by tenant.
-- With two indexes led by account_id, PostgreSQL read an account it had no statistics for yet (a new account, until
-- the next ANALYZE) as about one row: it scanned the account's range and filtered the rest, so every command cost
-- grew with the account (the authorization read 2 ms, the add's check 1.6 ms at 6,000 members). Led by the object
-- and by the tenant, no index offers such a range any more. The rule is the same: an object once per account.
ALTER TABLE member_lookup DROP CONSTRAINT member_lookup_one_membership_per_object;
ALTER TABLE member_lookup ADD CONSTRAINT member_lookup_one_membership_per_object
    UNIQUE (directory_object_id, account_id);
DROP INDEX member_lookup_by_tenant;
CREATE INDEX member_lookup_by_tenant ON member_lookup (tenant_id, account_id);
CREATE INDEX member_lookup_by_invitation ON member_lookup (invitation_id) WHERE invitation_id IS NOT NULL;
