package io.gatehouse.membership;

/** Why a member's access ended. */
public enum RemovalReason {
    /** A Manager removed the member from the Users page. */
    REMOVED_BY_MANAGER,
    /** The member's tenant was removed from the account. */
    TENANT_REMOVED
}
