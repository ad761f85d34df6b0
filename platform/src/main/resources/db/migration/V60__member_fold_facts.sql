-- The Users list keeps what a member's status is computed from (MemberStatus.of), so that the projection folds each
-- event onto the stored member with the same rule as the list as of an instant and the aggregate. Filled from what
-- the rows already say; a rebuild gives every row the fold's own values.
DO $$
DECLARE
    s TEXT;
BEGIN
    FOREACH s IN ARRAY ARRAY['public', 'projection_b'] LOOP
        EXECUTE format('ALTER TABLE %I.member_view ADD COLUMN invitation_id VARCHAR(64), '
                       'ADD COLUMN invitation_accepted BOOLEAN NOT NULL DEFAULT FALSE, '
                       'ADD COLUMN failed_operation VARCHAR(32)', s);
        EXECUTE format('UPDATE %I.member_view m SET invitation_id = i.invitation_id, '
                       'invitation_accepted = (i.status = ''ACCEPTED'') FROM %I.invitation_view i '
                       'WHERE i.member_id = m.member_id', s, s);
        EXECUTE format('UPDATE %I.member_view SET failed_operation = split_part(sync_error, '':'', 1) '
                       'WHERE status = ''SYNC_FAILED''', s);
    END LOOP;
END $$;
