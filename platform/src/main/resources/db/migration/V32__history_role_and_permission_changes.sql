-- The event store keeps AccessChanged events as they are and reads them as RoleChanged or
-- CustomPermissionsChanged (AccessChangedUpcaster). The audit history is a projection of those events: its
-- entries made from AccessChanged are given the names and details a replay through the upcaster gives them,
-- in both copies of the projection, so that the history reads the same before and after a rebuild.
UPDATE public.history_entry
SET type    = CASE WHEN details -> 'access' ? 'roles' THEN 'RoleChanged' ELSE 'CustomPermissionsChanged' END,
    details = (details - 'access') || CASE WHEN details -> 'access' ? 'roles'
                                           THEN jsonb_build_object('roles', details -> 'access' -> 'roles')
                                           ELSE jsonb_build_object('permissions', details -> 'access' -> 'permissions') END
WHERE type = 'AccessChanged';

UPDATE projection_b.history_entry
SET type    = CASE WHEN details -> 'access' ? 'roles' THEN 'RoleChanged' ELSE 'CustomPermissionsChanged' END,
    details = (details - 'access') || CASE WHEN details -> 'access' ? 'roles'
                                           THEN jsonb_build_object('roles', details -> 'access' -> 'roles')
                                           ELSE jsonb_build_object('permissions', details -> 'access' -> 'permissions') END
WHERE type = 'AccessChanged';
