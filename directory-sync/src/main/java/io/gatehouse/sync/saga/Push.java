package io.gatehouse.sync.saga;

import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.UserRef;

import java.time.Instant;

import java.util.List;

/**
 * One change waiting to be pushed to the directory, with what the push needs (never a secret: a password is
 * named by its one-time store id). Fields that do not apply to the operation are null.
 */
public record Push(DirectoryOperation operation, String credentialsId, String firstName, String lastName,
                   String displayName, String username, boolean globalAdministrator, String email,
                   List<GroupRef> groups, List<GroupRef> removedGroups, String mailNickname, List<UserRef> members,
                   String replyUrl, String appIdUri, String keyRequestId, String keyId, Instant expiresAt) {

    public Push(DirectoryOperation operation, String credentialsId, String firstName, String lastName,
                String displayName, String username, boolean globalAdministrator, String email,
                List<GroupRef> groups, List<GroupRef> removedGroups) {
        this(operation, credentialsId, firstName, lastName, displayName, username, globalAdministrator, email, groups,
                removedGroups, null, List.of(), null, null, null, null, null);
    }

    static Push createGroup(String displayName, String mailNickname, List<UserRef> members) {
        return new Push(DirectoryOperation.CREATE_GROUP, null, null, null, displayName, null, false, null, List.of(),
                List.of(), mailNickname, members, null, null, null, null, null);
    }

    static Push renameGroup(String displayName) {
        return new Push(DirectoryOperation.RENAME_GROUP, null, null, null, displayName, null, false, null, List.of(),
                List.of(), null, List.of(), null, null, null, null, null);
    }

    static Push createApplication(String displayName, String replyUrl, String appIdUri) {
        return new Push(DirectoryOperation.CREATE_APPLICATION, null, null, null, displayName, null, false, null,
                List.of(), List.of(), null, List.of(), replyUrl, appIdUri, null, null, null);
    }

    static Push updateApplication(String replyUrl, String appIdUri) {
        return new Push(DirectoryOperation.UPDATE_APPLICATION, null, null, null, null, null, false, null, List.of(),
                List.of(), null, List.of(), replyUrl, appIdUri, null, null, null);
    }

    static Push addKey(String keyRequestId, String credentialsId, Instant expiresAt) {
        return new Push(DirectoryOperation.ADD_KEY, credentialsId, null, null, null, null, false, null, List.of(),
                List.of(), null, List.of(), null, null, keyRequestId, null, expiresAt);
    }

    static Push removeKey(String keyId) {
        return new Push(DirectoryOperation.REMOVE_KEY, null, null, null, null, null, false, null, List.of(),
                List.of(), null, List.of(), null, null, null, keyId, null);
    }

    /** {@code email} is a Global Administrator's password recovery email. */
    static Push createUser(String credentialsId, String firstName, String lastName, String displayName,
                           String username, boolean globalAdministrator, String email, List<GroupRef> groups) {
        return new Push(DirectoryOperation.CREATE_USER, credentialsId, firstName, lastName, displayName, username,
                globalAdministrator, email, groups, List.of());
    }

    static Push resetPassword(String credentialsId) {
        return new Push(DirectoryOperation.RESET_PASSWORD, credentialsId, null, null, null, null, false, null,
                List.of(), List.of());
    }

    static Push invite(String email) {
        return new Push(DirectoryOperation.INVITE, null, null, null, null, null, false, email, List.of(), List.of());
    }

    static Push resendInvitation(String email) {
        return new Push(DirectoryOperation.RESEND_INVITATION, null, null, null, null, null, false, email, List.of(),
                List.of());
    }

    static Push updateUser(String firstName, String lastName, String displayName, String username) {
        return new Push(DirectoryOperation.UPDATE_USER, null, firstName, lastName, displayName, username, false, null,
                List.of(), List.of());
    }

    static Push updateGroups(List<GroupRef> added, List<GroupRef> removed) {
        return new Push(DirectoryOperation.UPDATE_GROUPS, null, null, null, null, null, false, null, added, removed);
    }
}
