package io.gatehouse.sync.saga;

import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.GroupRef;

import java.util.List;

/**
 * One change waiting to be pushed to the directory, with what the push needs (never a secret: a password is
 * named by its one-time store id). Fields that do not apply to the operation are null.
 */
public record Push(DirectoryOperation operation, String credentialsId, String firstName, String lastName,
                   String displayName, String username, boolean globalAdministrator, String email,
                   List<GroupRef> groups, List<GroupRef> removedGroups) {

    static Push createUser(String credentialsId, String firstName, String lastName, String displayName,
                           String username, boolean globalAdministrator, List<GroupRef> groups) {
        return new Push(DirectoryOperation.CREATE_USER, credentialsId, firstName, lastName, displayName, username,
                globalAdministrator, null, groups, List.of());
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
