package io.gatehouse.command.provisioning;

import io.gatehouse.command.CommandLookups;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.command.CurrentMembers;
import io.gatehouse.membership.MemberType;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.security.Caller;
import org.springframework.stereotype.Component;

/**
 * Who may change the directory: a Manager (or the owner) signed in to the tenant who is also its Global
 * Administrator, in an associated tenant that is not synced from an on-premises directory.
 */
@Component
public class DirectoryWriters {

    private final AccessPolicy policy;
    private final CommandLookups lookups;
    private final CurrentMembers currentMembers;

    public DirectoryWriters(AccessPolicy commandAccessPolicy, CommandLookups lookups, CurrentMembers currentMembers) {
        this.policy = commandAccessPolicy;
        this.lookups = lookups;
        this.currentMembers = currentMembers;
    }

    public void require(Caller caller, String accountId, String tenantId) {
        policy.requireManager(caller, accountId, tenantId);
        if (!caller.isGlobalAdministrator()) {
            throw Rejection.forbidden("Changing the directory needs a Manager who is also Global Administrator of the tenant.");
        }
        if (!policy.standing(caller, accountId).account().tenants().contains(tenantId)) {
            throw Rejection.conflict("tenant-not-associated", "Tenant " + tenantId + " is not associated with this account.");
        }
        if (lookups.directoryIntegration(accountId, tenantId)) {
            throw Rejection.conflict("directory-integration", "Tenant " + tenantId + " is synced from an on-premises "
                    + "directory: create users, groups and applications there.");
        }
    }

    /** A current member of the account whose directory object the caller may change. */
    public CurrentMember writableMember(Caller caller, String accountId, String memberId) {
        CurrentMember member = currentMembers.seenBy(caller, accountId, memberId);
        require(caller, accountId, member.tenantId());
        return member;
    }

    /**
     * Members of one type from the tenant, already in the directory, in the order of {@code memberIds}; any
     * other id is a 400 naming {@code field[i]}.
     */
    public List<CurrentMember> inDirectory(String accountId, String tenantId, MemberType type, String field,
                                           List<String> memberIds) {
        Map<String, CurrentMember> found = lookups.membersOfType(accountId, type, memberIds);
        List<FieldError> errors = new ArrayList<>();
        List<CurrentMember> members = new ArrayList<>();
        for (int i = 0; i < memberIds.size(); i++) {
            CurrentMember member = found.get(memberIds.get(i));
            if (member == null || !member.tenantId().equals(tenantId) || member.directoryObjectId() == null) {
                errors.add(new FieldError(field + "[" + i + "]", memberIds.get(i) + " is not a " + type.apiName()
                        + " member of this account in tenant " + tenantId));
            } else {
                members.add(member);
            }
        }
        if (!errors.isEmpty()) {
            throw Rejection.invalid("Some " + field + " are not " + type.apiName() + " members of this account; "
                    + "nothing was changed.", errors);
        }
        return members;
    }

}
