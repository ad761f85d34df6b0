package io.gatehouse.command;

import io.gatehouse.command.CommandLookups.CallerAndMember;
import io.gatehouse.command.CommandLookups.CurrentMember;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.authorization.AccessPolicy;
import io.gatehouse.platform.security.Caller;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The member a command on an existing member is about, as its caller may see it: one read for both. */
@Component
public class CurrentMembers {

    private final AccessPolicy policy;
    private final CommandLookups lookups;

    public CurrentMembers(AccessPolicy commandAccessPolicy, CommandLookups lookups) {
        this.policy = commandAccessPolicy;
        this.lookups = lookups;
    }

    /** A current member of the account, for a caller who is at least a member (403 otherwise, 404 if none). */
    public CurrentMember seenBy(Caller caller, String accountId, String memberId) {
        Optional<CallerAndMember> read = lookups.callerAndMember(accountId, caller.tenantId(),
                AccessPolicy.objectIds(caller), memberId);
        policy.requireMember(caller, accountId, read.map(CallerAndMember::caller));
        return read.flatMap(CallerAndMember::member)
                .orElseThrow(() -> Rejection.notFound("No member " + memberId + " in this account."));
    }
}
