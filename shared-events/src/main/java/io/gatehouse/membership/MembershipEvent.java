package io.gatehouse.membership;

import io.gatehouse.messaging.Actor;

/** An event in the life of one member of an account. */
public sealed interface MembershipEvent permits MemberAdded, AccessReplaced, MemberRemoved,
        NewUserRequested, UserInvited, InvitationResent, InvitationAccepted, PasswordResetRequested, UserEdited,
        UserGroupsChanged, DirectorySynced, DirectorySyncFailed, DirectorySyncRetried,
        NewGroupRequested, GroupRenamed, NewApplicationRequested, ApplicationUrlsChanged, KeyRequested, KeyAdded,
        KeyRemoved, DirectoryObjectChanged, DirectoryObjectDisabled, DirectoryObjectDeleted, ExternalKeyAdded,
        ExternalKeyRemoved {
    String accountId();

    String memberId();

    Actor actor();
}
