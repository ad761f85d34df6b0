package io.gatehouse.membership;

import io.gatehouse.access.Access;

/**
 * A member's Partner Center access was replaced: by roles ({@link RoleChanged}) or by custom permissions
 * ({@link CustomPermissionsChanged}). The event's kind is the access the member has now; the previous access,
 * of either kind, is recorded with it.
 */
public sealed interface AccessReplaced extends MembershipEvent permits RoleChanged, CustomPermissionsChanged {

    /** The member's access after the change. */
    Access access();

    /** The member's access before the change: roles or custom permissions. */
    Access previousAccess();
}
