package io.gatehouse.platform.authorization;

import io.gatehouse.access.Access;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.security.Caller;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who may do what in an account (API.md, "Who is calling"). A caller's access is the union of its own member
 * entry (by {@code oid}) and of every member group in its {@code groups} claim, counted only while the tenant
 * it signed in to is associated with the account. An account the caller has no access to answers 403, whether
 * or not it exists, so that its existence does not leak.
 */
public class AccessPolicy {

    private final MembershipFacts facts;

    public AccessPolicy(MembershipFacts facts) {
        this.facts = facts;
    }

    /** The caller's standing in an account. */
    public record Standing(AccountFacts account, boolean owner, Access access, List<GrantingMember> grantedBy) {
        public boolean isMember() {
            return owner || !grantedBy.isEmpty();
        }

        public boolean managesUsers() {
            return owner || access.managesUsers();
        }
    }

    /** The caller's standing, read once per request (several checks of one request share it). */
    public Standing standing(Caller caller, String accountId) {
        return standing(caller, accountId, () -> facts.callerFacts(accountId, caller.tenantId(), objectIds(caller)));
    }

    /**
     * The caller's standing from facts its use case read together with what else it needed (one round trip
     * instead of two); an empty read is an account the caller has no access to. Any member may read.
     */
    public Standing requireMember(Caller caller, String accountId, Optional<MembershipFacts.CallerFacts> read) {
        return standing(caller, accountId, () -> read);
    }

    /** The directory objects a caller acts as: itself and its groups. */
    public static Set<String> objectIds(Caller caller) {
        Set<String> objectIds = new HashSet<>(caller.groups());
        objectIds.add(caller.oid());
        return objectIds;
    }

    private Standing standing(Caller caller, String accountId,
                              Supplier<Optional<MembershipFacts.CallerFacts>> read) {
        org.springframework.web.context.request.RequestAttributes request =
                org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        String key = Standing.class.getName() + "|" + accountId + "|" + caller.oid() + "|" + caller.tenantId();
        if (request != null && request.getAttribute(key, 0) instanceof Standing known) {
            return known;
        }
        Standing standing = standingFrom(caller, read.get());
        if (request != null) {
            request.setAttribute(key, standing, 0);
        }
        return standing;
    }

    private static Standing standingFrom(Caller caller, Optional<MembershipFacts.CallerFacts> read) {
        MembershipFacts.CallerFacts callerFacts = read.orElseThrow(AccessPolicy::noAccess);
        AccountFacts account = callerFacts.account();
        boolean owner = caller.oid().equals(account.ownerOid());
        if (!account.tenants().contains(caller.tenantId())) {
            if (owner) {
                return new Standing(account, true, Access.NONE, List.of());
            }
            throw noAccess();
        }
        List<GrantingMember> grantedBy = callerFacts.members();
        Access access = grantedBy.stream().map(GrantingMember::access).reduce(Access.NONE, Access::union);
        Standing standing = new Standing(account, owner, access, grantedBy);
        if (!standing.isMember()) {
            throw noAccess();
        }
        return standing;
    }

    /** Any member of the account may read its members and history. */
    public Standing requireMember(Caller caller, String accountId) {
        return standing(caller, accountId);
    }

    /** A Manager (or the owner) signed in to {@code tenantId}: adds, edits, access changes, removals, tenants. */
    public Standing requireManager(Caller caller, String accountId, String tenantId) {
        Standing standing = standing(caller, accountId);
        if (!standing.managesUsers()) {
            throw Rejection.forbidden("Only a Manager or the account owner may manage users.");
        }
        if (tenantId != null && !tenantId.equals(caller.tenantId())) {
            throw Rejection.forbidden("Sign in to tenant " + tenantId + " to manage its members.");
        }
        return standing;
    }

    /**
     * The owner, or a Manager by its own member entry in any associated tenant: associating a tenant means
     * signing in to the new tenant, where the caller is not a member yet.
     */
    public Standing requireManagerAnywhere(Caller caller, String accountId) {
        AccountFacts account = facts.account(accountId).orElseThrow(AccessPolicy::noAccess);
        if (caller.oid().equals(account.ownerOid())) {
            return new Standing(account, true, Access.NONE, List.of());
        }
        List<GrantingMember> entries = facts.members(accountId, null, Set.of(caller.oid())).stream()
                .filter(member -> account.tenants().contains(member.tenantId()))
                .toList();
        Access access = entries.stream().map(GrantingMember::access).reduce(Access.NONE, Access::union);
        if (entries.isEmpty()) {
            throw noAccess();
        }
        if (!access.managesUsers()) {
            throw Rejection.forbidden("Only a Manager or the account owner may associate a tenant.");
        }
        return new Standing(account, false, access, entries);
    }

    /** The account owner only: a member's 30-day activity. */
    public Standing requireOwner(Caller caller, String accountId) {
        Standing standing = standing(caller, accountId);
        if (!standing.owner()) {
            throw Rejection.forbidden("Only the account owner may do this.");
        }
        return standing;
    }

    private static Rejection noAccess() {
        return Rejection.forbidden("The caller has no access to this account.");
    }
}
