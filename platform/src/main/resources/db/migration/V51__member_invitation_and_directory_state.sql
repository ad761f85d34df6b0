-- Users list: an invited user's member carries its invitation (to resend from the list), and every member the state
-- of its directory object as directory sync last read it (PRESENT, DISABLED, DELETED). Both copies of the projection.
ALTER TABLE public.member_view ADD COLUMN invitation_id VARCHAR(64),
    ADD COLUMN directory_state VARCHAR(16) NOT NULL DEFAULT 'PRESENT';
ALTER TABLE projection_b.member_view ADD COLUMN invitation_id VARCHAR(64),
    ADD COLUMN directory_state VARCHAR(16) NOT NULL DEFAULT 'PRESENT';
UPDATE public.member_view m SET invitation_id = i.invitation_id
    FROM public.invitation_view i WHERE i.member_id = m.member_id;
UPDATE projection_b.member_view m SET invitation_id = i.invitation_id
    FROM projection_b.invitation_view i WHERE i.member_id = m.member_id;
-- Command side: a member whose directory object is disabled or deleted grants no access while it is.
ALTER TABLE member_lookup ADD COLUMN directory_state VARCHAR(16) NOT NULL DEFAULT 'PRESENT';
