package io.gatehouse.platform.authorization;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where a side keeps what authorization reads: the command side's lookups, the query side's views. */
public interface MembershipFacts {

    Optional<AccountFacts> account(String accountId);

    /** The account and the caller's member entries in one read; sides override it with a single query. */
    default Optional<CallerFacts> callerFacts(String accountId, String tenantId, Collection<String> objectIds) {
        return account(accountId).map(account -> new CallerFacts(account, members(accountId, tenantId, objectIds)));
    }

    record CallerFacts(AccountFacts account, List<GrantingMember> members) {
    }

    /** Current members of the account from {@code tenantId} (any tenant when null) whose directory object id is one of {@code objectIds}. */
    List<GrantingMember> members(String accountId, String tenantId, Collection<String> objectIds);
}
