package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.membership.AccessReplaced;
import io.gatehouse.membership.CustomPermissionsChanged;
import io.gatehouse.membership.RoleChanged;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.GroupAdded;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MembershipCommands.ChangeAccess;
import io.gatehouse.membership.MembershipCommands.NewMember;
import io.gatehouse.membership.MembershipCommands.RemoveMember;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.MemberStatus;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.membership.MembershipCommands.CreateNewUser;
import io.gatehouse.membership.MembershipCommands.CreateNewGroup;
import io.gatehouse.membership.MembershipCommands.CreateNewApplication;
import io.gatehouse.membership.MembershipCommands.RenameGroup;
import io.gatehouse.membership.MembershipCommands.ChangeApplicationUrls;
import io.gatehouse.membership.MembershipCommands.RequestKey;
import io.gatehouse.membership.MembershipCommands.RecordKeyAdded;
import io.gatehouse.membership.MembershipCommands.RemoveKey;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.GroupRenamed;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.KeyAdded;
import io.gatehouse.membership.KeyRemoved;
import io.gatehouse.membership.DirectoryObjectChanged;
import io.gatehouse.membership.DirectoryObjectDeleted;
import io.gatehouse.membership.DirectoryObjectDisabled;
import io.gatehouse.membership.ExternalKeyAdded;
import io.gatehouse.membership.ExternalKeyRemoved;
import io.gatehouse.membership.MembershipCommands;
import io.gatehouse.membership.MembershipCommands.EditUser;
import io.gatehouse.membership.MembershipCommands.NewInvitation;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySync;
import io.gatehouse.membership.MembershipCommands.RecordDirectorySyncFailure;
import io.gatehouse.membership.MembershipCommands.RecordInvitationAccepted;
import io.gatehouse.membership.MembershipCommands.ResendInvitation;
import io.gatehouse.membership.MembershipCommands.ResetPassword;
import io.gatehouse.membership.MembershipCommands.RetryDirectorySync;

import java.util.HashSet;
import java.util.List;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.Rejection;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One member of an account: a user, group or application of one of its tenants, with its Partner Center
 * access. Each member is its own stream, so that Managers working on different members never wait for each
 * other; {@link AddMembersHandler} makes sure a directory object is a member at most once. A member whose
 * access changes often is loaded from a snapshot (every 200 events), not from its whole history, and a member
 * commanded before is taken from memory ({@code membershipCache}).
 */
@Aggregate(snapshotTriggerDefinition = "membershipSnapshotTrigger", cache = "membershipCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Membership {

    @AggregateIdentifier
    private String memberId;
    private String accountId;
    private Access access;
    private MemberType type;
    private String directoryObjectId;
    private String invitationId;
    private boolean invitationAccepted;
    private String firstName;
    private String lastName;
    private String username;
    private List<GroupRef> groups = List.of();
    private DirectoryOperation failedOperation;
    private String displayName;
    private String replyUrl;
    private String appIdUri;
    private final java.util.Set<String> keys = new HashSet<>();
    private boolean directoryDisabled;
    private boolean directoryDeleted;

    protected Membership() {
    }

    /**
     * Every decision on an existing member answers the version it leaves the member at, also when it records
     * nothing (a change to what already is): that version is the write's ETag.
     */
    @CommandHandlerInterceptor
    public Object answerVersion(InterceptorChain chain) throws Exception {
        chain.proceed();
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public Membership(CreateNewUser command) {
        requireValid(command.access());
        apply(new NewUserRequested(command.accountId(), command.memberId(), command.tenantId(), command.firstName(),
                command.lastName(), displayName(command.firstName(), command.lastName()), command.username(),
                command.globalAdministrator(), command.passwordRecoveryEmail(), command.groups(), command.access(),
                command.credentialsId(), command.actor()));
    }

    @CommandHandler
    public Membership(CreateNewGroup command) {
        requireValid(command.access());
        apply(new NewGroupRequested(command.accountId(), command.memberId(), command.tenantId(), command.displayName(),
                command.mailNickname(), command.members(), command.access(), command.actor()));
    }

    @CommandHandler
    public Membership(CreateNewApplication command) {
        requireValid(command.access());
        apply(new NewApplicationRequested(command.accountId(), command.memberId(), command.tenantId(),
                command.displayName(), command.replyUrl(), command.appIdUri(), command.access(), command.actor()));
    }

    /** Created by {@link InviteUsersHandler}, which invites several outside users in one transaction. */
    Membership(String accountId, String tenantId, NewInvitation invitation, Access access, Actor actor) {
        requireValid(access);
        apply(new UserInvited(accountId, invitation.memberId(), invitation.invitationId(), tenantId,
                invitation.email(), access, actor));
    }

    /** Created by {@link AddMembersHandler}, which adds several members in one transaction. */
    Membership(String accountId, String tenantId, NewMember member, Access access, Actor actor) {
        requireValid(access);
        apply(switch (member.type()) {
            case USER -> new UserAdded(accountId, member.memberId(), tenantId, member.directoryObjectId(),
                    member.displayName(), member.firstName(), member.lastName(), member.username(), member.email(),
                    access, actor);
            case GROUP -> new GroupAdded(accountId, member.memberId(), tenantId, member.directoryObjectId(),
                    member.displayName(), access, actor);
            case APPLICATION -> new ApplicationAdded(accountId, member.memberId(), tenantId,
                    member.directoryObjectId(), member.displayName(), member.appId(), access, actor);
        });
    }

    @CommandHandler
    public void handle(ChangeAccess command) {
        requireOfAccount(command.accountId());
        requireValid(command.access());
        if (command.access().equals(access)) {
            return; // nothing changes, nothing to record
        }
        // the event names the kind of access the member has now (a switch of kind included)
        Access next = command.access();
        apply(next.roles() != null
                ? new RoleChanged(accountId, memberId, next.roles(), access, command.actor())
                : new CustomPermissionsChanged(accountId, memberId, next.permissions(), access, command.actor()));
    }

    @CommandHandler
    public void handle(RemoveMember command) {
        requireOfAccount(command.accountId());
        apply(new MemberRemoved(accountId, memberId, command.reason(), command.actor()));
    }

    @CommandHandler
    public void handle(ResendInvitation command) {
        requireOfAccount(command.accountId());
        if (invitationId == null) {
            throw Rejection.conflict("not-invited", "This member was not invited; there is nothing to resend.");
        }
        if (invitationAccepted) {
            throw Rejection.conflict("invitation-accepted", "The invitation was accepted already.");
        }
        apply(new InvitationResent(accountId, memberId, invitationId, command.actor()));
    }

    @CommandHandler
    public void handle(ResetPassword command) {
        requireOfAccount(command.accountId());
        if (type != MemberType.USER || invitationId != null) {
            throw Rejection.conflict("not-a-tenant-user",
                    "Only users of the tenant have a password here; guests sign in with their own organization.");
        }
        if (directoryObjectId == null) {
            throw Rejection.conflict("not-provisioned", "The user is not in the directory yet.");
        }
        apply(new PasswordResetRequested(accountId, memberId, command.credentialsId(), command.actor()));
    }

    @CommandHandler
    public void handle(EditUser command) {
        requireOfAccount(command.accountId());
        if (type != MemberType.USER) {
            throw Rejection.conflict("not-a-user", "Only users have names and usernames.");
        }
        String newFirst = changed(firstName, command.firstName());
        String newLast = changed(lastName, command.lastName());
        String newUsername = changed(username, command.username());
        if (newFirst != null || newLast != null || newUsername != null) {
            String displayName = newFirst != null || newLast != null
                    ? displayName(newFirst != null ? newFirst : firstName, newLast != null ? newLast : lastName) : null;
            apply(new UserEdited(accountId, memberId, newFirst, newLast, displayName, newUsername, command.actor()));
        }
        if (command.groups() != null && !new HashSet<>(command.groups()).equals(new HashSet<>(groups))) {
            List<GroupRef> added = command.groups().stream().filter(g -> !groups.contains(g)).toList();
            List<GroupRef> removed = groups.stream().filter(g -> !command.groups().contains(g)).toList();
            apply(new UserGroupsChanged(accountId, memberId, command.groups(), added, removed, command.actor()));
        }
    }

    @CommandHandler
    public void handle(RenameGroup command) {
        requireOfAccount(command.accountId());
        requireType(MemberType.GROUP);
        if (!command.displayName().equals(displayName)) {
            apply(new GroupRenamed(accountId, memberId, command.displayName(), command.actor()));
        }
    }

    @CommandHandler
    public void handle(ChangeApplicationUrls command) {
        requireOfAccount(command.accountId());
        requireType(MemberType.APPLICATION);
        String newReplyUrl = changed(replyUrl, command.replyUrl());
        String newAppIdUri = changed(appIdUri, command.appIdUri());
        if (newReplyUrl != null || newAppIdUri != null) {
            apply(new ApplicationUrlsChanged(accountId, memberId, newReplyUrl, newAppIdUri, command.actor()));
        }
    }

    @CommandHandler
    public void handle(RequestKey command) {
        requireOfAccount(command.accountId());
        requireType(MemberType.APPLICATION);
        if (directoryObjectId == null) {
            throw Rejection.conflict("not-provisioned", "The application is not in the directory yet.");
        }
        apply(new KeyRequested(accountId, memberId, command.keyRequestId(), command.credentialsId(),
                command.expiresAt(), command.actor()));
    }

    @CommandHandler
    public void handle(RecordKeyAdded command) {
        requireOfAccount(command.accountId());
        apply(new KeyAdded(accountId, memberId, command.keyRequestId(), command.keyId(), command.hint(),
                command.createdAt(), command.expiresAt(), Actor.DIRECTORY_SYNC));
    }

    @CommandHandler
    public void handle(RemoveKey command) {
        requireOfAccount(command.accountId());
        requireType(MemberType.APPLICATION);
        if (!keys.contains(command.keyId())) {
            throw Rejection.notFound("No key " + command.keyId() + " on this application.");
        }
        apply(new KeyRemoved(accountId, memberId, command.keyId(), command.actor()));
    }

    /** The Users page's status, by the one rule every reader uses. */
    private MemberStatus status() {
        return MemberStatus.of(directoryObjectId, invitationId, invitationAccepted, failedOperation);
    }

    /**
     * What the directory holds for the member's object, as directory sync read it: what differs from what the member
     * knows is recorded, attributed to the directory. Nothing before the object exists, nothing after it is gone.
     */
    @CommandHandler
    public void handle(MembershipCommands.RecordDirectoryState command) {
        requireOfAccount(command.accountId());
        if (directoryObjectId == null || directoryDeleted) {
            return;
        }
        if (command.deleted()) {
            apply(new DirectoryObjectDeleted(accountId, memberId, Actor.DIRECTORY));
            return;
        }
        String newDisplayName = type == MemberType.USER
                ? changed(displayName == null ? displayName(firstName, lastName) : displayName, command.displayName())
                : changed(displayName, command.displayName());
        String newFirstName = changed(firstName, command.firstName());
        String newLastName = changed(lastName, command.lastName());
        String newUsername = changed(username, command.username());
        String newReplyUrl = changed(replyUrl, command.replyUrl());
        String newAppIdUri = changed(appIdUri, command.appIdUri());
        List<GroupRef> newGroups = command.groups() != null
                && !new HashSet<>(command.groups()).equals(new HashSet<>(groups)) ? command.groups() : null;
        if (newDisplayName != null || newFirstName != null || newLastName != null || newUsername != null
                || newReplyUrl != null || newAppIdUri != null || newGroups != null) {
            apply(new DirectoryObjectChanged(accountId, memberId, newDisplayName, newFirstName, newLastName,
                    newUsername, newReplyUrl, newAppIdUri, newGroups, Actor.DIRECTORY));
        }
        if (command.enabled() != null && command.enabled() == directoryDisabled) {
            apply(new DirectoryObjectDisabled(accountId, memberId, !command.enabled(), Actor.DIRECTORY));
        }
        if (command.keys() != null && type == MemberType.APPLICATION) {
            java.util.Set<String> listed = new HashSet<>();
            for (MembershipCommands.DirectoryKey key : command.keys()) {
                listed.add(key.keyId());
                if (!keys.contains(key.keyId())) {
                    apply(new ExternalKeyAdded(accountId, memberId, key.keyId(), key.hint(), key.createdAt(),
                            key.expiresAt(), Actor.DIRECTORY));
                }
            }
            for (String gone : keys.stream().filter(id -> !listed.contains(id)).sorted().toList()) {
                apply(new ExternalKeyRemoved(accountId, memberId, gone, Actor.DIRECTORY));
            }
        }
    }

    private void requireType(MemberType expected) {
        if (type != expected) {
            String article = expected == MemberType.APPLICATION ? "an" : "a";
            throw Rejection.conflict("not-" + article + "-" + expected.apiName(), "This member is not " + article
                    + " " + expected.apiName() + ".");
        }
    }

    @CommandHandler
    public void handle(RetryDirectorySync command) {
        requireOfAccount(command.accountId());
        if (status() != MemberStatus.SYNC_FAILED) {
            throw Rejection.conflict("nothing-to-retry", "Directory sync has not failed for this member.");
        }
        boolean needsPassword = failedOperation == DirectoryOperation.CREATE_USER
                || failedOperation == DirectoryOperation.RESET_PASSWORD;
        apply(new DirectorySyncRetried(accountId, memberId, failedOperation,
                needsPassword ? command.credentialsId() : null, command.actor()));
    }

    /** Called by {@link DirectorySyncOutcomes}, which first makes sure the object is nobody else's. */
    void recordSynced(RecordDirectorySync command) {
        requireOfAccount(command.accountId());
        apply(new DirectorySynced(accountId, memberId, command.operation(), command.directoryObjectId(),
                command.appId(), Actor.DIRECTORY_SYNC));
    }

    @CommandHandler
    public void handle(RecordDirectorySyncFailure command) {
        recordFailure(command);
    }

    void recordFailure(RecordDirectorySyncFailure command) {
        requireOfAccount(command.accountId());
        apply(new DirectorySyncFailed(accountId, memberId, command.operation(), command.reason(), command.code(),
                Actor.DIRECTORY_SYNC));
    }

    @CommandHandler
    public void handle(RecordInvitationAccepted command) {
        requireOfAccount(command.accountId());
        if (invitationId != null && !invitationAccepted) {
            apply(new InvitationAccepted(accountId, memberId, invitationId, Actor.DIRECTORY_SYNC));
        }
    }

    private static String changed(String current, String requested) {
        return requested == null || requested.equals(current) ? null : requested;
    }

    static String displayName(String firstName, String lastName) {
        return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
    }

    private void requireOfAccount(String accountId) {
        if (!this.accountId.equals(accountId)) {
            throw Rejection.notFound("No member " + memberId + " in account " + accountId + ".");
        }
    }

    private static void requireValid(Access access) {
        var problems = Access.problems(access, "access");
        if (!problems.isEmpty()) {
            throw Rejection.invalid("The access is not valid.", problems);
        }
    }

    /** What every way of becoming a member records. */
    private void born(String memberId, String accountId, Access access, MemberType type) {
        this.memberId = memberId;
        this.accountId = accountId;
        this.access = access;
        this.type = type;
    }

    @EventSourcingHandler
    void on(MemberAdded event) {
        born(event.memberId(), event.accountId(), event.access(), event.type());
        directoryObjectId = event.directoryObjectId();
        displayName = event.displayName();
        if (event instanceof UserAdded user) {
            firstName = user.firstName();
            lastName = user.lastName();
            username = user.username();
        }
    }

    @EventSourcingHandler
    void on(NewUserRequested event) {
        born(event.memberId(), event.accountId(), event.access(), MemberType.USER);
        firstName = event.firstName();
        lastName = event.lastName();
        username = event.username();
        groups = event.groups();
    }

    @EventSourcingHandler
    void on(UserInvited event) {
        born(event.memberId(), event.accountId(), event.access(), MemberType.USER);
        invitationId = event.invitationId();
        username = event.email();
    }

    @EventSourcingHandler
    void on(NewGroupRequested event) {
        born(event.memberId(), event.accountId(), event.access(), MemberType.GROUP);
        displayName = event.displayName();
    }

    @EventSourcingHandler
    void on(NewApplicationRequested event) {
        born(event.memberId(), event.accountId(), event.access(), MemberType.APPLICATION);
        displayName = event.displayName();
        replyUrl = event.replyUrl();
        appIdUri = event.appIdUri();
    }

    @EventSourcingHandler
    void on(GroupRenamed event) {
        displayName = event.displayName();
    }

    @EventSourcingHandler
    void on(ApplicationUrlsChanged event) {
        if (event.replyUrl() != null) replyUrl = event.replyUrl();
        if (event.appIdUri() != null) appIdUri = event.appIdUri();
    }

    @EventSourcingHandler
    void on(KeyAdded event) {
        keys.add(event.keyId());
    }

    @EventSourcingHandler
    void on(KeyRemoved event) {
        keys.remove(event.keyId());
    }

    @EventSourcingHandler
    void on(ExternalKeyAdded event) {
        keys.add(event.keyId());
    }

    @EventSourcingHandler
    void on(ExternalKeyRemoved event) {
        keys.remove(event.keyId());
    }

    @EventSourcingHandler
    void on(DirectoryObjectChanged event) {
        if (event.displayName() != null) displayName = event.displayName();
        if (event.firstName() != null) firstName = event.firstName();
        if (event.lastName() != null) lastName = event.lastName();
        if (event.username() != null) username = event.username();
        if (event.replyUrl() != null) replyUrl = event.replyUrl();
        if (event.appIdUri() != null) appIdUri = event.appIdUri();
        if (event.groups() != null) groups = event.groups();
    }

    @EventSourcingHandler
    void on(DirectoryObjectDisabled event) {
        directoryDisabled = event.disabled();
    }

    @EventSourcingHandler
    void on(DirectoryObjectDeleted event) {
        directoryDeleted = true;
    }

    @EventSourcingHandler
    void on(InvitationAccepted event) {
        invitationAccepted = true;
        if (failedOperation == DirectoryOperation.INVITE || failedOperation == DirectoryOperation.RESEND_INVITATION) {
            failedOperation = null; // accepted: a failed (re)send no longer matters
        }
    }

    @EventSourcingHandler
    void on(UserEdited event) {
        if (event.firstName() != null) firstName = event.firstName();
        if (event.lastName() != null) lastName = event.lastName();
        if (event.username() != null) username = event.username();
        if (event.displayName() != null) displayName = event.displayName();
    }

    @EventSourcingHandler
    void on(UserGroupsChanged event) {
        groups = event.groups();
    }

    @EventSourcingHandler
    void on(DirectorySynced event) {
        if (event.directoryObjectId() != null) {
            directoryObjectId = event.directoryObjectId();
        }
        failedOperation = null;
    }

    @EventSourcingHandler
    void on(DirectorySyncFailed event) {
        failedOperation = event.operation();
    }

    @EventSourcingHandler
    void on(DirectorySyncRetried event) {
        failedOperation = null;
    }

    @EventSourcingHandler
    void on(AccessReplaced event) {
        access = event.access();
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        // a removed member's stream is closed: a re-add creates a new member
        AggregateLifecycle.markDeleted();
    }
}
