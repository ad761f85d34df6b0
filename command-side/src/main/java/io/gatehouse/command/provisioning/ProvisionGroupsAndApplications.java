package io.gatehouse.command.provisioning;

import io.gatehouse.access.Access;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.directory.Application;
import io.gatehouse.directory.Directory;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.ChangeApplicationUrls;
import io.gatehouse.membership.MembershipCommands.CreateNewApplication;
import io.gatehouse.membership.MembershipCommands.CreateNewGroup;
import io.gatehouse.membership.MembershipCommands.RemoveKey;
import io.gatehouse.membership.MembershipCommands.RenameGroup;
import io.gatehouse.membership.MembershipCommands.RequestKey;
import io.gatehouse.membership.UserRef;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.eventstore.CommandReceipts;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.Ids;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Users page's use cases for new groups, new Azure AD applications and application keys: each authorizes (a
 * Manager who is Global Administrator of the tenant), checks the directory (members, unique URLs) and sends the
 * command. A key's entry in the one-time store is reserved by {@link OneTimeCredentials} once the command is accepted.
 */
@Service
public class ProvisionGroupsAndApplications {

    private final DirectoryWriters writers;
    private final Directory directory;
    private final CommandReceipts receipts;
    private final ApplicationUrlReservations reservations;

    public ProvisionGroupsAndApplications(DirectoryWriters writers, Directory directory, CommandReceipts receipts,
                                          ApplicationUrlReservations reservations) {
        this.writers = writers;
        this.directory = directory;
        this.receipts = receipts;
        this.reservations = reservations;
    }

    /** A write that made a member, still PROVISIONING. */
    public record Provisioning(CommandReceipt receipt, String memberId) {
    }

    public record KeyRequested(CommandReceipt receipt, String keyRequestId, String credentialsId) {
    }

    /** {@code memberIds} are member ids of user members of the account, put into the new group. */
    public Provisioning createGroup(Caller caller, String accountId, String displayName, List<String> memberIds,
                                    Access access) {
        writers.require(caller, accountId, caller.tenantId());
        List<UserRef> members = writers.inDirectory(accountId, caller.tenantId(), MemberType.USER, "memberIds",
                memberIds).stream().map(user -> new UserRef(user.memberId(), user.directoryObjectId())).toList();
        String memberId = Ids.newId();
        return new Provisioning(receipts.send(new CreateNewGroup(memberId, accountId, caller.tenantId(), displayName,
                mailNickname(displayName, memberId), members, access, caller.actor())), memberId);
    }

    public CommandReceipt renameGroup(Caller caller, String accountId, String memberId, String displayName,
                                      Long expectedVersion) {
        writers.writableMember(caller, accountId, memberId);
        return receipts.send(new RenameGroup(memberId, accountId, displayName, expectedVersion, caller.actor()), memberId);
    }

    public Provisioning createApplication(Caller caller, String accountId, String displayName, String replyUrl,
                                          String appIdUri, Access access) {
        writers.require(caller, accountId, caller.tenantId());
        String memberId = Ids.newId();
        // held first, so that a concurrent request for the same URL cannot also find it free in the directory
        reservations.reserve(caller.tenantId(), memberId, replyUrl, appIdUri);
        try {
            requireUnique(caller.tenantId(), replyUrl, appIdUri, null);
            return new Provisioning(receipts.send(new CreateNewApplication(memberId, accountId, caller.tenantId(),
                    displayName == null || displayName.isBlank() ? appIdUri : displayName, replyUrl, appIdUri, access,
                    caller.actor())), memberId);
        } catch (RuntimeException e) {
            reservations.release(memberId);
            throw e;
        }
    }

    /** Null leaves a URL as it is. */
    public CommandReceipt changeApplication(Caller caller, String accountId, String memberId, String replyUrl,
                                            String appIdUri, Long expectedVersion) {
        CurrentMember member = writers.writableMember(caller, accountId, memberId);
        reservations.reserve(member.tenantId(), memberId, replyUrl, appIdUri);
        try {
            requireUnique(member.tenantId(), replyUrl, appIdUri, member.directoryObjectId());
            return receipts.send(new ChangeApplicationUrls(memberId, accountId, replyUrl, appIdUri, expectedVersion,
                    caller.actor()), memberId);
        } catch (RuntimeException e) {
            reservations.release(memberId);
            throw e;
        }
    }

    public KeyRequested addKey(Caller caller, String accountId, String memberId, Instant expiresAt) {
        writers.writableMember(caller, accountId, memberId);
        String keyRequestId = Ids.newId();
        String credentialsId = Ids.newId();
        return new KeyRequested(receipts.send(new RequestKey(memberId, accountId, keyRequestId, credentialsId, expiresAt,
                caller.actor()), memberId), keyRequestId, credentialsId);
    }

    public CommandReceipt removeKey(Caller caller, String accountId, String memberId, String keyId) {
        writers.writableMember(caller, accountId, memberId);
        return receipts.send(new RemoveKey(memberId, accountId, keyId, caller.actor()), memberId);
    }

    /** Reply URL and App ID URI are unique among the tenant's applications: checked before anything is pushed. */
    private void requireUnique(String tenantId, String replyUrl, String appIdUri, String exceptObjectId) {
        List<FieldError> errors = new ArrayList<>();
        for (Application application : directory.applicationsUsing(tenantId, replyUrl, appIdUri)) {
            if (application.objectId().equals(exceptObjectId)) continue;
            if (replyUrl != null && replyUrl.equals(application.replyUrl())) {
                errors.add(new FieldError("replyUrl", "is used by application " + application.displayName()));
            }
            if (appIdUri != null && appIdUri.equals(application.appIdUri())) {
                errors.add(new FieldError("appIdUri", "is used by application " + application.displayName()));
            }
        }
        if (!errors.isEmpty()) {
            throw Rejection.conflict("url-taken", "Reply URL and App ID URI must be unique among the tenant's "
                    + "applications.", errors);
        }
    }

    /** Azure AD's mailNickname: at most 64 characters, none of @()\[]";:.<>, or spaces; unique per group. */
    static String mailNickname(String displayName, String memberId) {
        String base = displayName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        if (base.length() > 48) base = base.substring(0, 48);
        return (base.isEmpty() ? "group" : base) + "-" + memberId.substring(0, 8);
    }
}
