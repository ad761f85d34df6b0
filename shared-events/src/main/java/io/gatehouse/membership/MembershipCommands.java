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
}
