package io.gatehouse.command;

import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.AccessReplaced;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.platform.authorization.AccountFacts;
import io.gatehouse.platform.authorization.GrantingMember;
import io.gatehouse.platform.authorization.MembershipFacts;
import io.gatehouse.platform.authorization.MembershipFacts.CallerFacts;
import io.gatehouse.platform.database.InListPlaceholders;
import io.gatehouse.platform.json.AccessJson;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command side's consistent view of accounts and members, written by a subscribing processor in the
 * same transaction as the events. Its unique key on (account, directory object) is the set-based rule that
 * a directory object is a member of an account at most once: a second claim fails the whole command.
 */
@Component
@ProcessingGroup(CommandSide.LOOKUPS)
public class CommandLookups implements MembershipFacts {

    private final JdbcTemplate jdbc;

    public CommandLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccountCreated event) {
        jdbc.update("INSERT INTO account_lookup (account_id, owner_oid, owner_tenant_id) VALUES (?, ?, ?)",
                event.accountId(), event.ownerObjectId(), event.tenantId());
        jdbc.update("INSERT INTO account_tenant_lookup (account_id, tenant_id) VALUES (?, ?)",
                event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(TenantAssociated event) {
        jdbc.update("INSERT INTO account_tenant_lookup (account_id, tenant_id) VALUES (?, ?)",
                event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(TenantRemoved event) {
        jdbc.update("DELETE FROM account_tenant_lookup WHERE account_id = ? AND tenant_id = ?",
                event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(MemberAdded event) {
        // no ON CONFLICT: a second membership for the same directory object must fail the command
        jdbc.update("INSERT INTO member_lookup (member_id, account_id, tenant_id, directory_object_id, member_type, "
                        + "access) VALUES (?, ?, ?, ?, ?, ?::jsonb)", event.memberId(), event.accountId(),
                event.tenantId(), event.directoryObjectId(), event.type().name(), AccessJson.write(event.access()));
        if (event.type() == MemberType.USER) {
            rememberPerson(event.memberId(), event.accountId(), event.directoryObjectId());
        }
    }

    /**
     * A user's membership, kept after the member is removed, so that erasing the person (by directory object id)
     * finds the keys of its members' personal data.
     */
    private void rememberPerson(String memberId, String accountId, String directoryObjectId) {
        jdbc.update("INSERT INTO person_membership (member_id, account_id, directory_object_id) VALUES (?, ?, ?) "
                + "ON CONFLICT (member_id) DO UPDATE SET directory_object_id = EXCLUDED.directory_object_id",
                memberId, accountId, directoryObjectId);
    }

    @EventHandler
    void on(NewUserRequested event) {
        claimPending(event.memberId(), event.accountId(), event.tenantId(), MemberType.USER, event.access());
    }

    @EventHandler
    void on(NewGroupRequested event) {
        claimPending(event.memberId(), event.accountId(), event.tenantId(), MemberType.GROUP, event.access());
    }

    @EventHandler
    void on(NewApplicationRequested event) {
        claimPending(event.memberId(), event.accountId(), event.tenantId(), MemberType.APPLICATION, event.access());
    }

    /** A member the directory has not made yet: no directory object to claim until it has. */
    private void claimPending(String memberId, String accountId, String tenantId, MemberType type,
                              io.gatehouse.access.Access access) {
        jdbc.update("INSERT INTO member_lookup (member_id, account_id, tenant_id, directory_object_id, member_type, "
                + "access) VALUES (?, ?, ?, NULL, ?, ?::jsonb)", memberId, accountId, tenantId, type.name(),
                AccessJson.write(access));
    }

    @EventHandler
    void on(UserInvited event) {
        jdbc.update("INSERT INTO member_lookup (member_id, account_id, tenant_id, directory_object_id, member_type, "
                        + "access, invitation_email, invitation_id) VALUES (?, ?, ?, NULL, 'USER', ?::jsonb, ?, ?)",
                event.memberId(), event.accountId(), event.tenantId(), AccessJson.write(event.access()), event.email(),
                event.invitationId());
    }

    @EventHandler
    void on(DirectorySynced event) {
        if (event.directoryObjectId() != null) {
            jdbc.update("UPDATE member_lookup SET directory_object_id = ? WHERE member_id = ?",
                    event.directoryObjectId(), event.memberId());
            // a created or invited user: the person is known by its directory object from now on
            jdbc.update("INSERT INTO person_membership (member_id, account_id, directory_object_id) SELECT member_id, "
                    + "account_id, directory_object_id FROM member_lookup WHERE member_id = ? AND member_type = 'USER' "
                    + "ON CONFLICT (member_id) DO UPDATE SET directory_object_id = EXCLUDED.directory_object_id",
                    event.memberId());
        }
    }

    @EventHandler
    void on(InvitationAccepted event) {
        jdbc.update("UPDATE member_lookup SET invitation_email = NULL WHERE member_id = ?", event.memberId());
    }

    @EventHandler
    void on(DirectoryIntegrationChanged event) {
        jdbc.update("UPDATE account_tenant_lookup SET directory_integration = ? WHERE account_id = ? AND tenant_id = ?",
                event.onPremisesSyncEnabled(), event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(AccessReplaced event) {
        jdbc.update("UPDATE member_lookup SET access = ?::jsonb WHERE member_id = ?", AccessJson.write(event.access()),
                event.memberId());
    }

    @EventHandler
    void on(MemberRemoved event) {
        jdbc.update("DELETE FROM member_lookup WHERE member_id = ?", event.memberId());
    }

    /** A disabled or deleted directory object grants no access while it is (Partner Center's rule). */
    @EventHandler
    void on(io.gatehouse.membership.DirectoryObjectDisabled event) {
        jdbc.update("UPDATE member_lookup SET directory_state = ? WHERE member_id = ? AND directory_state <> 'DELETED'",
                event.disabled() ? "DISABLED" : "PRESENT", event.memberId());
    }

    @EventHandler
    void on(io.gatehouse.membership.DirectoryObjectDeleted event) {
        jdbc.update("UPDATE member_lookup SET directory_state = 'DELETED' WHERE member_id = ?", event.memberId());
    }

    @Override
    public Optional<AccountFacts> account(String accountId) {
        List<String[]> owner = jdbc.query("SELECT owner_oid, owner_tenant_id FROM account_lookup WHERE account_id = ?",
                (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, accountId);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        Set<String> tenants = new HashSet<>(jdbc.queryForList(
                "SELECT tenant_id FROM account_tenant_lookup WHERE account_id = ?", String.class, accountId));
        return Optional.of(new AccountFacts(accountId, owner.get(0)[0], tenants));
    }

    /** Account, tenants and the caller's member entries in one round trip: every command reads them. */
    @Override
    public Optional<CallerFacts> callerFacts(String accountId, String tenantId, Collection<String> objectIds) {
        return callerAndMember(accountId, tenantId, objectIds, null).map(CallerAndMember::caller);
    }

    /** What a command on one member needs to know before it is sent: the caller's facts and the member. */
    public record CallerAndMember(CallerFacts caller, Optional<CurrentMember> member) {
    }

    /**
     * {@link #callerFacts} and, unless {@code memberId} is null, {@link #member} in one round trip: every command on
     * an existing member reads both before it is sent.
     */
    public Optional<CallerAndMember> callerAndMember(String accountId, String tenantId, Collection<String> objectIds,
                                                     String memberId) {
        return jdbc.query("SELECT a.owner_oid, ARRAY(SELECT t.tenant_id FROM account_tenant_lookup t "
                        + "WHERE t.account_id = a.account_id) AS tenants, (SELECT coalesce(json_agg(json_build_object("
                        + "'memberId', m.member_id, 'type', m.member_type, 'tenantId', m.tenant_id, "
                        + "'directoryObjectId', m.directory_object_id, 'access', m.access)), '[]') FROM member_lookup m "
                        // by object, not by tenant: the caller's tenant is kept below, so that the read is always the
                        // unique key's probe, never a range of the tenant's members (V61)
                        + "WHERE m.account_id = a.account_id AND m.directory_object_id IN ("
                        + InListPlaceholders.of(objectIds) + ") AND m.directory_state = 'PRESENT')::text AS members, "
                        + "s.member_id, s.tenant_id, s.directory_object_id, s.member_type, "
                        // the member's last sequence number: its cached copy is checked against it (AggregateCache)
                        + "(SELECT max(e.sequence_number) FROM domain_event_entry e "
                        + "WHERE e.aggregate_identifier = s.member_id) AS last_sequence_number "
                        + "FROM account_lookup a LEFT JOIN member_lookup s ON s.account_id = a.account_id AND s.member_id = ? "
                        + "WHERE a.account_id = ?",
                (rs, i) -> {
                    CallerFacts caller = new CallerFacts(new AccountFacts(accountId, rs.getString(1),
                            new HashSet<>(List.of((String[]) rs.getArray(2).getArray()))),
                            io.gatehouse.platform.authorization.GrantingMembersJson.read(rs.getString(3)).stream()
                                    .filter(entry -> entry.tenantId().equals(tenantId)).toList());
                    CurrentMember member = rs.getString(4) == null ? null : new CurrentMember(rs.getString(4),
                            rs.getString(5), rs.getString(6), MemberType.valueOf(rs.getString(7)),
                            rs.getObject(8, Long.class));
                    return new CallerAndMember(caller, Optional.ofNullable(member));
                },
                InListPlaceholders.parameters(objectIds, memberId, accountId)).stream().findFirst();
    }

    @Override
    public List<GrantingMember> members(String accountId, String tenantId, Collection<String> objectIds) {
        return jdbc.query("SELECT member_id, member_type, tenant_id, directory_object_id, access::text FROM member_lookup "
                        + "WHERE account_id = ? AND (?::text IS NULL OR tenant_id = ?) AND directory_object_id = ANY (?) "
                        + "AND directory_state = 'PRESENT'",
                (rs, i) -> new GrantingMember(rs.getString(1), MemberType.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), AccessJson.read(rs.getString(5))),
                accountId, tenantId, tenantId, objectIds.toArray(String[]::new));
    }

    /** A current member of the account, or empty. */
    public Optional<CurrentMember> member(String accountId, String memberId) {
        return jdbc.query("SELECT member_id, tenant_id, directory_object_id, member_type FROM member_lookup "
                        + "WHERE account_id = ? AND member_id = ?",
                (rs, i) -> new CurrentMember(rs.getString(1), rs.getString(2), rs.getString(3),
                        MemberType.valueOf(rs.getString(4))), accountId, memberId).stream().findFirst();
    }

    /** Directory objects among {@code objectIds} that already are members of the account. */
    public Set<String> alreadyMembers(String accountId, Collection<String> objectIds) {
        return new HashSet<>(jdbc.queryForList("SELECT directory_object_id FROM member_lookup "
                + "WHERE account_id = ? AND directory_object_id = ANY (?)", String.class, accountId,
                objectIds.toArray(String[]::new)));
    }

    /** The member an invitation made. */
    public Optional<CurrentMember> memberOfInvitation(String accountId, String invitationId) {
        return jdbc.query("SELECT member_id, tenant_id, directory_object_id, member_type FROM member_lookup "
                        + "WHERE account_id = ? AND invitation_id = ?",
                (rs, i) -> new CurrentMember(rs.getString(1), rs.getString(2), rs.getString(3),
                        MemberType.valueOf(rs.getString(4))), accountId, invitationId).stream().findFirst();
    }

    /** Every membership, current or removed, of the person with this directory object id, in every account. */
    public List<String> membershipsOfPerson(String directoryObjectId) {
        return jdbc.queryForList("SELECT member_id FROM person_membership WHERE directory_object_id = ? "
                + "UNION SELECT member_id FROM member_lookup WHERE directory_object_id = ? AND member_type = 'USER' "
                + "ORDER BY 1", String.class, directoryObjectId, directoryObjectId);
    }

    /** The member whose directory object this is, if any. */
    public Optional<String> memberOfObject(String accountId, String directoryObjectId) {
        return jdbc.queryForList("SELECT member_id FROM member_lookup WHERE account_id = ? AND directory_object_id = ?",
                String.class, accountId, directoryObjectId).stream().findFirst();
    }

    /** Lower-cased addresses among {@code emails} with a pending invitation in the account's tenant. */
    public Set<String> pendingInvitations(String accountId, String tenantId, Collection<String> emails) {
        return new HashSet<>(jdbc.queryForList("SELECT lower(invitation_email) FROM member_lookup WHERE account_id = ? "
                        + "AND tenant_id = ? AND lower(invitation_email) = ANY (?)", String.class, accountId, tenantId,
                emails.stream().map(e -> e.toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new)));
    }

    /** Whether the tenant is synced from an on-premises directory, as last recorded. */
    public boolean directoryIntegration(String accountId, String tenantId) {
        return jdbc.queryForList("SELECT directory_integration FROM account_tenant_lookup WHERE account_id = ? "
                + "AND tenant_id = ?", Boolean.class, accountId, tenantId).stream().findFirst().orElse(false);
    }

    /** Members of the account of one type, by member id; missing ids are absent. */
    public java.util.Map<String, CurrentMember> membersOfType(String accountId, MemberType type,
                                                               Collection<String> memberIds) {
        java.util.Map<String, CurrentMember> found = new java.util.HashMap<>();
        jdbc.query("SELECT member_id, tenant_id, directory_object_id, member_type FROM member_lookup "
                        + "WHERE account_id = ? AND member_type = ? AND member_id = ANY (?)",
                rs -> {
                    found.put(rs.getString(1), new CurrentMember(rs.getString(1), rs.getString(2), rs.getString(3),
                            MemberType.valueOf(rs.getString(4))));
                }, accountId, type.name(), memberIds.toArray(String[]::new));
        return found;
    }

    /** Group members of the account, by member id; missing ids are absent. */
    public java.util.Map<String, CurrentMember> groups(String accountId, Collection<String> memberIds) {
        java.util.Map<String, CurrentMember> groups = new java.util.HashMap<>();
        jdbc.query("SELECT member_id, tenant_id, directory_object_id, member_type FROM member_lookup "
                        + "WHERE account_id = ? AND member_type = 'GROUP' AND member_id = ANY (?)",
                rs -> {
                    groups.put(rs.getString(1), new CurrentMember(rs.getString(1), rs.getString(2), rs.getString(3),
                            MemberType.valueOf(rs.getString(4))));
                }, accountId, memberIds.toArray(String[]::new));
        return groups;
    }

    /** Current members of the account that come from the tenant. */
    public List<String> memberIdsOfTenant(String accountId, String tenantId) {
        return jdbc.queryForList("SELECT member_id FROM member_lookup WHERE account_id = ? AND tenant_id = ?",
                String.class, accountId, tenantId);
    }

    /**
     * A current member; {@code lastSequenceNumber} is its stream's last sequence number where the read took it (null
     * otherwise), for the command sent about it ({@link io.gatehouse.platform.eventstore.AggregateCache#seen}).
     */
    public record CurrentMember(String memberId, String tenantId, String directoryObjectId, MemberType type,
                                Long lastSequenceNumber) {

        public CurrentMember(String memberId, String tenantId, String directoryObjectId, MemberType type) {
            this(memberId, tenantId, directoryObjectId, type, null);
        }

        /** The metadata by which a command about this member says what its sender read. */
        public java.util.Map<String, Object> seen() {
            return io.gatehouse.platform.eventstore.AggregateCache.seen(memberId, lastSequenceNumber);
        }
    }
}
