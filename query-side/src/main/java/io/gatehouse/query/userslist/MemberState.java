package io.gatehouse.query.userslist;

import io.gatehouse.access.Access;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.MemberStatus;
import io.gatehouse.membership.MemberType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One member as the Users page shows it, folded from its events by {@link MemberFold}. {@code version} is the
 * sequence number of the last event folded in: the member's ETag.
 */
public record MemberState(String memberId, String accountId, MemberType type, String tenantId,
                          String directoryObjectId, String displayName, String firstName, String lastName,
                          String username, String email, String appId, Access access, List<String> groupIds,
                          String replyUrl, String appIdUri, List<Key> keys, String invitationId,
                          boolean invitationAccepted, DirectoryOperation failedOperation, String syncError,
                          String directoryState, Instant addedAt, long version) {

    /** The member's directory object as directory sync last read it. */
    public static final String PRESENT = "PRESENT", DISABLED = "DISABLED", DELETED = "DELETED";

    /** An application's key: its id, hint and dates, never the key. */
    public record Key(String keyId, String hint, Instant createdAt, Instant expiresAt) {
    }

    public MemberState {
        groupIds = List.copyOf(groupIds);
        keys = List.copyOf(keys);
    }

    /** A member as its first event makes it. */
    static MemberState born(String memberId, String accountId, MemberType type, String tenantId,
                            String directoryObjectId, String displayName, Access access, Instant addedAt, long version) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, null, null, null,
                null, null, access, List.of(), null, null, List.of(), null, false, null, null, PRESENT, addedAt, version);
    }

    public MemberStatus status() {
        return MemberStatus.of(directoryObjectId, invitationId, invitationAccepted, failedOperation);
    }

    MemberState at(long version) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withNames(String displayName, String firstName, String lastName, String username, String email) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withAccess(Access access) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withGroups(List<String> groupIds) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withApplication(String appId, String replyUrl, String appIdUri) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withKeys(List<Key> keys) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withKey(Key key) {
        List<Key> more = new ArrayList<>(keys);
        more.removeIf(k -> k.keyId().equals(key.keyId()));
        more.add(key);
        return withKeys(more);
    }

    MemberState withoutKey(String keyId) {
        return withKeys(keys.stream().filter(k -> !k.keyId().equals(keyId)).toList());
    }

    MemberState withInvitation(String invitationId, boolean accepted) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, accepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withDirectory(String directoryObjectId, DirectoryOperation failedOperation, String syncError) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }

    MemberState withDirectoryState(String directoryState) {
        return new MemberState(memberId, accountId, type, tenantId, directoryObjectId, displayName, firstName, lastName,
                username, email, appId, access, groupIds, replyUrl, appIdUri, keys, invitationId, invitationAccepted,
                failedOperation, syncError, directoryState, addedAt, version);
    }
}
