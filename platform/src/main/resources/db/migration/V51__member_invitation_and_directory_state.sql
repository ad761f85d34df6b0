-- Users list: every member carries the state of its directory object as directory sync last read it (PRESENT,
-- DISABLED, DELETED). Both copies of the projection. (An invited user's invitation id comes with V60.)
ALTER TABLE public.member_view ADD COLUMN directory_state VARCHAR(16) NOT NULL DEFAULT 'PRESENT';
ALTER TABLE projection_b.member_view ADD COLUMN directory_state VARCHAR(16) NOT NULL DEFAULT 'PRESENT';
-- Command side: a member whose directory object is disabled or deleted grants no access while it is.
ALTER TABLE member_lookup ADD COLUMN directory_state VARCHAR(16) NOT NULL DEFAULT 'PRESENT';
