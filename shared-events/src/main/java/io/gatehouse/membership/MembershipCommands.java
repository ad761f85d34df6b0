package io.gatehouse.membership;

import io.gatehouse.access.Access;
import io.gatehouse.messaging.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.List;

/** Commands on the members of an account: users, groups and applications of its tenants. */
public final class MembershipCommands {

    private MembershipCommands() {
    }

    /**
     * One existing directory object to become a member, as the directory described it when it was picked.
     * Fields that do not apply to the type are null.
     */
    public record NewMember(String memberId, MemberType type, String directoryObjectId, String displayName,
                            String firstName, String lastName, String username, String email, String appId) {
    }

    /**
     * Adds several existing directory objects of one tenant in one go; all get the same access. Either all
     * become members or none does: one that already is a member refuses the whole command.
     */
    public record AddMembers(String accountId, String tenantId, List<NewMember> members, Access access, Actor actor) {
    }

    /** Replaces a member's Partner Center access; nothing is written to the directory. */
    public record ChangeAccess(@TargetAggregateIdentifier String memberId, String accountId, Access access,
                               @TargetAggregateVersion Long expectedVersion, Actor actor) {
    }

    /** Ends a member's access. The directory object itself is left as it is. */
    public record RemoveMember(@TargetAggregateIdentifier String memberId, String accountId, RemovalReason reason,
                               @TargetAggregateVersion Long expectedVersion, Actor actor) {
    }

    /** A Manager who is Global Administrator creates a new directory user (member PROVISIONING until pushed). */
    public record CreateNewUser(@TargetAggregateIdentifier String memberId, String accountId, String tenantId,
                                String firstName, String lastName, String username, boolean globalAdministrator,
                                String passwordRecoveryEmail, List<GroupRef> groups, Access access,
                                String credentialsId, Actor actor) {
    }

    /** One outside user to invite. */
    public record NewInvitation(String memberId, String invitationId, String email) {
    }

    /** Invites up to ten outside users by email; all get the same access. */
    public record InviteUsers(String accountId, String tenantId, List<NewInvitation> invitations, Access access,
                              Actor actor) {
    }

    public record ResendInvitation(@TargetAggregateIdentifier String memberId, String accountId, Actor actor) {
    }

    public record ResetPassword(@TargetAggregateIdentifier String memberId, String accountId, String credentialsId,
                                Actor actor) {
    }

    /** Edits a user; null fields stay as they are; {@code groups} null leaves group membership alone. */
    public record EditUser(@TargetAggregateIdentifier String memberId, String accountId, String firstName,
                           String lastName, String username, List<GroupRef> groups,
                           @TargetAggregateVersion Long expectedVersion, Actor actor) {
    }

    /** Pushes a failed operation again. */
    public record RetryDirectorySync(@TargetAggregateIdentifier String memberId, String accountId,
                                     String credentialsId, Actor actor) {
    }

    /** Directory sync reports that the directory did it. */
    public record RecordDirectorySync(@TargetAggregateIdentifier String memberId, String accountId,
                                      DirectoryOperation operation, String directoryObjectId, String appId) {
    }

    /** A new security group with user members of the account in it. */
    public record CreateNewGroup(@TargetAggregateIdentifier String memberId, String accountId, String tenantId,
                                 String displayName, String mailNickname, List<UserRef> members, Access access,
                                 Actor actor) {
    }

    public record RenameGroup(@TargetAggregateIdentifier String memberId, String accountId, String displayName,
                              @TargetAggregateVersion Long expectedVersion, Actor actor) {
    }

    /** A new Azure AD application (and its service principal). */
    public record CreateNewApplication(@TargetAggregateIdentifier String memberId, String accountId, String tenantId,
                                       String displayName, String replyUrl, String appIdUri, Access access,
                                       Actor actor) {
    }

    public record ChangeApplicationUrls(@TargetAggregateIdentifier String memberId, String accountId,
                                        String replyUrl, String appIdUri,
                                        @TargetAggregateVersion Long expectedVersion, Actor actor) {
    }

    public record RequestKey(@TargetAggregateIdentifier String memberId, String accountId, String keyRequestId,
                             String credentialsId, java.time.Instant expiresAt, Actor actor) {
    }

    /** Directory sync reports the key the directory made (never its secret). */
    public record RecordKeyAdded(@TargetAggregateIdentifier String memberId, String accountId, String keyRequestId,
                                 String keyId, String hint, java.time.Instant createdAt, java.time.Instant expiresAt) {
    }

    public record RemoveKey(@TargetAggregateIdentifier String memberId, String accountId, String keyId, Actor actor) {
    }

    /** Directory sync reports that the directory refused, or kept failing. */
    public record RecordDirectorySyncFailure(@TargetAggregateIdentifier String memberId, String accountId,
                                             DirectoryOperation operation, String reason, String code) {
    }

    /** The directory says the guest redeemed its invitation. */
    public record RecordInvitationAccepted(@TargetAggregateIdentifier String memberId, String accountId) {
    }

    /** A key of an application as the directory lists it: id, hint and dates, never a secret. */
    public record DirectoryKey(String keyId, String hint, java.time.Instant createdAt, java.time.Instant expiresAt) {
    }

    /**
     * Directory sync reports what the directory holds for the member's object; null fields were not read. The
     * member records what differs from what it knows, attributed to the directory. {@code groups}: the user's
     * groups among the account's group members; {@code keys}: an application's every key; {@code enabled}: a
     * user's {@code accountEnabled}; {@code deleted}: the object is gone.
     */
    public record RecordDirectoryState(@TargetAggregateIdentifier String memberId, String accountId,
                                       String displayName, String firstName, String lastName, String username,
                                       String replyUrl, String appIdUri, List<GroupRef> groups,
                                       List<DirectoryKey> keys, Boolean enabled, boolean deleted) {
    }
}
