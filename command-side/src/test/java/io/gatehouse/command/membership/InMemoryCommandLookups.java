package io.gatehouse.command.membership;

import io.gatehouse.command.CommandLookups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command side's lookups without a database, for the handlers that ask them before they decide: which
 * addresses have a pending invitation in a tenant ({@link InviteUsersHandler}) and which member a directory
 * object is ({@link DirectorySyncOutcomes}). It answers as the SQL does and remembers what it was asked.
 */
final class InMemoryCommandLookups extends CommandLookups {

    /** Lower-cased addresses with a pending invitation, by account and tenant. */
    private final Map<String, Set<String>> pending = new HashMap<>();
    /** Members by directory object, by account. */
    private final Map<String, Map<String, String>> objects = new HashMap<>();

    /** Each {@code pendingInvitations} question: account, tenant, addresses. */
    final List<List<Object>> pendingAsked = new ArrayList<>();
    /** Each {@code memberOfObject} question: account, object. */
    final List<List<String>> objectAsked = new ArrayList<>();

    InMemoryCommandLookups() {
        super(null);
    }

    /** An invitation to {@code email} is pending in the tenant of the account. */
    InMemoryCommandLookups pendingInvitation(String accountId, String tenantId, String email) {
        pending.computeIfAbsent(accountId + "/" + tenantId, k -> new java.util.HashSet<>())
                .add(email.toLowerCase(Locale.ROOT));
        return this;
    }

    /** The directory object is member {@code memberId} of the account. */
    InMemoryCommandLookups memberOfObject(String accountId, String directoryObjectId, String memberId) {
        objects.computeIfAbsent(accountId, k -> new HashMap<>()).put(directoryObjectId, memberId);
        return this;
    }

    @Override
    public Set<String> pendingInvitations(String accountId, String tenantId, Collection<String> emails) {
        pendingAsked.add(List.of(accountId, tenantId, List.copyOf(emails)));
        Set<String> ofTenant = pending.getOrDefault(accountId + "/" + tenantId, Set.of());
        return emails.stream().map(e -> e.toLowerCase(Locale.ROOT)).filter(ofTenant::contains)
                .collect(Collectors.toSet());
    }

    @Override
    public Optional<String> memberOfObject(String accountId, String directoryObjectId) {
        objectAsked.add(List.of(accountId, directoryObjectId));
        return Optional.ofNullable(objects.getOrDefault(accountId, Map.of()).get(directoryObjectId));
    }
}
