package io.gatehouse.command.membership;

import io.gatehouse.access.Access;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.command.CurrentMembers;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryObject;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.AddMembers;
import io.gatehouse.membership.MembershipCommands.ChangeAccess;
import io.gatehouse.membership.MembershipCommands.NewMember;
import io.gatehouse.membership.MembershipCommands.RemoveMember;
import io.gatehouse.membership.RemovalReason;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.eventstore.CommandReceipt;
import io.gatehouse.platform.eventstore.CommandReceipts;
import io.gatehouse.platform.security.Caller;
import io.gatehouse.platform.web.Ids;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Users page's use cases for existing directory objects: add them, change a member's access, remove a member.
 * Each authorizes the caller, checks the directory where it must, and sends the command; the controller only
 * translates HTTP.
 */
@Service
public class ManageMembers {

    private final AccessPolicy policy;
    private final CurrentMembers currentMembers;
    private final Directory directory;
    private final CommandReceipts receipts;

    public ManageMembers(AccessPolicy commandAccessPolicy, CurrentMembers currentMembers, Directory directory,
                         CommandReceipts receipts) {
        this.policy = commandAccessPolicy;
        this.currentMembers = currentMembers;
        this.directory = directory;
        this.receipts = receipts;
    }

    /** What an add made: the new members, in the order their objects were given. */
    public record Added(CommandReceipt receipt, List<NewMember> members) {
    }

    /** Adds existing objects of the caller's tenant, all with the same access; all or none. */
    public Added add(Caller caller, String accountId, MemberType type, List<String> objectIds, Access access) {
        policy.requireManager(caller, accountId, caller.tenantId());
        Map<String, DirectoryObject> found = directory.findAll(caller.tenantId(), type, objectIds);
        List<FieldError> missing = new ArrayList<>();
        for (int i = 0; i < objectIds.size(); i++) {
            if (!found.containsKey(objectIds.get(i))) {
                missing.add(new FieldError("directoryObjectIds[" + i + "]", objectIds.get(i) + " is not a "
                        + type.apiName() + " in tenant " + caller.tenantId()));
            }
        }
        if (!missing.isEmpty()) {
            throw Rejection.invalid("Some directory objects are not " + type.apiName() + "s of your tenant; none was added.",
                    missing);
        }
        List<NewMember> members = objectIds.stream().map(id -> newMember(found.get(id))).toList();
        return new Added(receipts.send(new AddMembers(accountId, caller.tenantId(), members, access, caller.actor())),
                members);
    }

    public CommandReceipt changeAccess(Caller caller, String accountId, String memberId, Access access,
                                       Long expectedVersion) {
        CurrentMember member = manageable(caller, accountId, memberId);
        return receipts.send(new ChangeAccess(member.memberId(), accountId, access, expectedVersion, caller.actor()),
                member.seen(), memberId);
    }

    /** Access ends; the directory object is not deleted. */
    public CommandReceipt remove(Caller caller, String accountId, String memberId, Long expectedVersion) {
        CurrentMember member = manageable(caller, accountId, memberId);
        return receipts.send(new RemoveMember(member.memberId(), accountId, RemovalReason.REMOVED_BY_MANAGER,
                expectedVersion, caller.actor()), member.seen(), memberId);
    }

    /** A current member the caller may manage: a Manager (or the owner) signed in to the member's tenant. */
    private CurrentMember manageable(Caller caller, String accountId, String memberId) {
        CurrentMember member = currentMembers.seenBy(caller, accountId, memberId);
        policy.requireManager(caller, accountId, member.tenantId());
        return member;
    }

    private static NewMember newMember(DirectoryObject object) {
        return new NewMember(Ids.newId(), object.type(), object.id(), object.displayName(), object.givenName(),
                object.surname(), object.userPrincipalName(), object.mail(), object.appId());
    }
}
