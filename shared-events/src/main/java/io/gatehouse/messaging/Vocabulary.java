package io.gatehouse.messaging;

import io.gatehouse.access.Access;
import io.gatehouse.activity.PagesVisited;
import io.gatehouse.account.AccountCommands;
import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.CustomPermissionsChanged;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipCommands;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.GroupRenamed;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.KeyAdded;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.DirectoryObjectChanged;
import io.gatehouse.membership.DirectoryObjectDeleted;
import io.gatehouse.membership.DirectoryObjectDisabled;
import io.gatehouse.membership.ExternalKeyAdded;
import io.gatehouse.membership.ExternalKeyRemoved;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.privacy.PersonErased;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every message type of Gatehouse's public vocabulary and the stable name it is stored and sent under.
 * Messages without a {@link StableName} are stored under their class name: commands are named here too,
 * so that a dead letter or a saga's pending command survives a refactoring.
 */
public final class Vocabulary {

    private static final List<Class<?>> MESSAGES = List.of(
            // events: these names are forever
            AccountCreated.class, TenantAssociated.class, TenantRemoved.class,
            UserAdded.class, GroupAdded.class, ApplicationAdded.class, RoleChanged.class, CustomPermissionsChanged.class,
            MemberRemoved.class,
            PagesVisited.class,
            NewUserRequested.class, UserInvited.class, InvitationResent.class, InvitationAccepted.class,
            PasswordResetRequested.class, UserEdited.class, UserGroupsChanged.class, DirectorySynced.class,
            DirectorySyncFailed.class, DirectorySyncRetried.class, DirectoryIntegrationChanged.class,
            NewGroupRequested.class, GroupRenamed.class, NewApplicationRequested.class, ApplicationUrlsChanged.class,
            KeyRequested.class, KeyAdded.class, KeyRemoved.class,
            DirectoryObjectChanged.class, DirectoryObjectDisabled.class, DirectoryObjectDeleted.class,
            ExternalKeyAdded.class, ExternalKeyRemoved.class,
            PersonErased.class,
            // commands
            AccountCommands.CreateAccount.class, AccountCommands.AssociateTenant.class,
            AccountCommands.RemoveTenant.class,
            MembershipCommands.AddMembers.class, MembershipCommands.ChangeAccess.class,
            MembershipCommands.RemoveMember.class, MembershipCommands.CreateNewUser.class,
            MembershipCommands.InviteUsers.class, MembershipCommands.ResendInvitation.class,
            MembershipCommands.ResetPassword.class, MembershipCommands.EditUser.class,
            MembershipCommands.RetryDirectorySync.class, MembershipCommands.RecordDirectorySync.class,
            MembershipCommands.RecordDirectorySyncFailure.class, MembershipCommands.RecordInvitationAccepted.class,
            AccountCommands.RecordDirectoryIntegration.class, MembershipCommands.CreateNewGroup.class,
            MembershipCommands.RenameGroup.class, MembershipCommands.CreateNewApplication.class,
            MembershipCommands.ChangeApplicationUrls.class, MembershipCommands.RequestKey.class,
            MembershipCommands.RecordKeyAdded.class, MembershipCommands.RemoveKey.class,
            MembershipCommands.RecordDirectoryState.class,
            // values
            Access.class, Actor.class);

    private static final Map<Class<?>, String> NAME_BY_CLASS = new HashMap<>();
    private static final Map<String, Class<?>> CLASS_BY_NAME = new HashMap<>();

    static {
        for (Class<?> type : MESSAGES) {
            StableName stableName = type.getAnnotation(StableName.class);
            String name = stableName != null ? stableName.value() : "command." + type.getSimpleName();
            if (CLASS_BY_NAME.put(name, type) != null) {
                throw new IllegalStateException("two message types share the stable name " + name);
            }
            NAME_BY_CLASS.put(type, name);
        }
    }

    private Vocabulary() {
    }

    public static Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(NAME_BY_CLASS.get(type));
    }

    public static Optional<Class<?>> typeNamed(String name) {
        return Optional.ofNullable(CLASS_BY_NAME.get(name));
    }

    public static List<Class<?>> messageTypes() {
        return MESSAGES;
    }
}
