package io.gatehouse.command.provisioning;

import io.gatehouse.access.Access;
import io.gatehouse.command.CommandLookups;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.directory.Directory;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.CreateNewUser;
import io.gatehouse.membership.MembershipCommands.EditUser;
import io.gatehouse.membership.MembershipCommands.InviteUsers;
import io.gatehouse.membership.MembershipCommands.NewInvitation;
import io.gatehouse.membership.MembershipCommands.ResendInvitation;
import io.gatehouse.membership.MembershipCommands.ResetPassword;
import io.gatehouse.membership.MembershipCommands.RetryDirectorySync;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.eventstore.CommandReceipts;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.Ids;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * The Users page's use cases that change users in the directory: create a user, reset a password, edit a user,
 * invite outside users, resend an invitation, retry a failed push. Each authorizes (a Manager who is Global
 * Administrator of the tenant), checks the directory where it must and sends the command. A temporary password is
 * not made here: {@link OneTimeCredentials} keeps it once the command is accepted, under the credentials id the
 * command carries.
 */
@Service
public class ProvisionUsers {

    private final AccessPolicy policy;
    private final CommandLookups lookups;
    private final CommandReceipts receipts;
    private final Directory directory;
    private final DirectoryWriters writers;

    public ProvisionUsers(AccessPolicy commandAccessPolicy, CommandLookups lookups, CommandReceipts receipts,
                          Directory directory, DirectoryWriters writers) {
        this.policy = commandAccessPolicy;
        this.lookups = lookups;
        this.receipts = receipts;
        this.directory = directory;
        this.writers = writers;
    }

    /** A new user as the Manager describes it; {@code groupIds} are member ids of group members. */
    public record NewUser(String firstName, String lastName, String username, boolean globalAdministrator,
                          String passwordRecoveryEmail, List<String> groupIds, Access access) {
    }

    /** A write whose secret is read once at {@code /api/v1/credentials/{credentialsId}}. */
    public record WithCredentials(CommandReceipt receipt, String memberId, String credentialsId) {
    }

    public record Invited(CommandReceipt receipt, List<NewInvitation> invitations) {
    }

    public record Resent(CommandReceipt receipt, String memberId) {
    }

    public WithCredentials createUser(Caller caller, String accountId, NewUser user) {
        writers.require(caller, accountId, caller.tenantId());
        List<GroupRef> groups = groups(accountId, caller.tenantId(), user.groupIds());
        if (directory.findUserByPrincipalName(caller.tenantId(), user.username()).isPresent()) {
            throw Rejection.conflict("username-taken", "Another object with the same value for property "
                    + "userPrincipalName already exists.", List.of(new FieldError("username", "is taken in the directory")));
        }
        String memberId = Ids.newId();
        String credentialsId = Ids.newId();
        CommandReceipt receipt = receipts.send(new CreateNewUser(memberId, accountId, caller.tenantId(),
                user.firstName(), user.lastName(), user.username(), user.globalAdministrator(),
                blankToNull(user.passwordRecoveryEmail()), groups, user.access(), credentialsId, caller.actor()));
        return new WithCredentials(receipt, memberId, credentialsId);
    }

    public WithCredentials resetPassword(Caller caller, String accountId, String memberId) {
        writers.writableMember(caller, accountId, memberId);
        String credentialsId = Ids.newId();
        return new WithCredentials(receipts.send(new ResetPassword(memberId, accountId, credentialsId, caller.actor()),
                memberId), memberId, credentialsId);
    }

    /** Null leaves a field as it is; {@code groupIds} replaces the user's groups. */
    public CommandReceipt editUser(Caller caller, String accountId, String memberId, String firstName, String lastName,
                                   String username, List<String> groupIds, Long expectedVersion) {
        CurrentMember member = writers.writableMember(caller, accountId, memberId);
        List<GroupRef> groups = groupIds == null ? null : groups(accountId, member.tenantId(), groupIds);
        return receipts.send(new EditUser(memberId, accountId, firstName, lastName, username, groups, expectedVersion,
                caller.actor()), memberId);
    }

    public Invited invite(Caller caller, String accountId, List<String> emails, Access access) {
        writers.require(caller, accountId, caller.tenantId());
        List<NewInvitation> invitations = emails.stream()
                .map(email -> new NewInvitation(Ids.newId(), Ids.newId(), email)).toList();
        return new Invited(receipts.send(new InviteUsers(accountId, caller.tenantId(), invitations, access,
                caller.actor())), invitations);
    }

    public Resent resend(Caller caller, String accountId, String invitationId) {
        policy.requireMember(caller, accountId);
        CurrentMember member = lookups.memberOfInvitation(accountId, invitationId)
                .orElseThrow(() -> Rejection.notFound("No invitation " + invitationId + " in this account."));
        writers.require(caller, accountId, member.tenantId());
        return new Resent(receipts.send(new ResendInvitation(member.memberId(), accountId, caller.actor()),
                member.memberId()), member.memberId());
    }

    /** A new temporary password comes with the retry where the failed push needs one (a creation, a reset). */
    public WithCredentials retry(Caller caller, String accountId, String memberId) {
        writers.writableMember(caller, accountId, memberId);
        String credentialsId = Ids.newId();
        return new WithCredentials(receipts.send(new RetryDirectorySync(memberId, accountId, credentialsId,
                caller.actor()), memberId), memberId, credentialsId);
    }

    /** Member ids of group members of this account, from the tenant, in the order given. */
    private List<GroupRef> groups(String accountId, String tenantId, List<String> groupIds) {
        return writers.inDirectory(accountId, tenantId, MemberType.GROUP, "groupIds", groupIds).stream()
                .map(group -> new GroupRef(group.memberId(), group.directoryObjectId())).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
