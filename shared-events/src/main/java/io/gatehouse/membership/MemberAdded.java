package io.gatehouse.membership;

import io.gatehouse.access.Access;

/** A directory object became a member of the account. */
public sealed interface MemberAdded extends MembershipEvent permits UserAdded, GroupAdded, ApplicationAdded {
    String tenantId();

    String directoryObjectId();

    String displayName();

    Access access();

    MemberType type();
}
