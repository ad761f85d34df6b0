package io.gatehouse.membership;

/**
 * A member's status on the Users page. One rule, used by the aggregate and by every read of the list: a directory
 * push that failed and was not retried wins, then an object the directory has not created yet, then an invitation
 * not accepted yet.
 */
public enum MemberStatus {
    ACTIVE, INVITATION_PENDING, PROVISIONING, SYNC_FAILED;

    /**
     * @param provisioning      created through Gatehouse and not in the directory yet (no directory object id, not invited)
     * @param invitationPending invited and not accepted yet
     * @param syncFailed        a directory push failed and no Manager has retried it yet
     */
    public static MemberStatus of(boolean provisioning, boolean invitationPending, boolean syncFailed) {
        if (syncFailed) {
            return SYNC_FAILED;
        }
        if (provisioning) {
            return PROVISIONING;
        }
        return invitationPending ? INVITATION_PENDING : ACTIVE;
    }

    /** The status from what a member's events say: its directory object, its invitation, its failed push. */
    public static MemberStatus of(String directoryObjectId, String invitationId, boolean invitationAccepted,
                                  DirectoryOperation failedOperation) {
        return of(directoryObjectId == null && invitationId == null, invitationId != null && !invitationAccepted,
                failedOperation != null);
    }
}
