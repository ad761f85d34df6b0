package io.gatehouse.query.userslist;

import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.platform.json.AccessJson;
import io.gatehouse.platform.database.InListPlaceholders;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.SqlBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import io.gatehouse.messaging.privacy.PersonalDataProtection;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.gatehouse.privacy.PersonErased;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Users list: accounts, their tenants and their current members. A member's events go through {@link MemberFold}
 * onto the stored member; every write is an idempotent upsert guarded by the member's event sequence number, so that
 * handling an event twice changes nothing.
 */
@ProcessingGroup(UsersListProjection.NAME)
public class UsersListProjection {

    public static final String NAME = "users-list";

    public static final List<String> TABLES = List.of("account_view", "account_tenant_view", "member_view",
            "invitation_view", "application_key_view", "member_count");

    private final JdbcTemplate jdbc;
    private final Projection.Schema schema;

    public UsersListProjection(JdbcTemplate jdbc, Projection.Schema schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    @EventHandler
    void on(AccountCreated event, @org.axonframework.eventhandling.Timestamp Instant at) {
        SqlBatch.update(jdbc, "INSERT INTO " + schema.table("account_view") + " (account_id, display_name, owner_oid, owner_tenant_id, created_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO NOTHING",
                event.accountId(), event.displayName(), event.ownerObjectId(), event.tenantId(), Timestamp.from(at));
        associate(event.accountId(), event.tenantId(), at);
    }

    @EventHandler
    void on(TenantAssociated event, @org.axonframework.eventhandling.Timestamp Instant at) {
        associate(event.accountId(), event.tenantId(), at);
    }

    @EventHandler
    void on(TenantRemoved event) {
        SqlBatch.update(jdbc, "DELETE FROM " + schema.table("account_tenant_view") + " WHERE account_id = ? AND tenant_id = ?",
                event.accountId(), event.tenantId());
        // its members lose access at once; their MemberRemoved events follow
        SqlBatch.update(jdbc, "DELETE FROM " + schema.table("member_view") + " WHERE account_id = ? AND tenant_id = ?",
                event.accountId(), event.tenantId());
        // the members folded so far may be among them: read them again after the delete
        SqlBatch.flush();
        members().known.clear();
    }

    /** Every event of a member, folded onto the stored member by the one member fold. */
    @EventHandler
    void on(MembershipEvent event, @SequenceNumber long version, @org.axonframework.eventhandling.Timestamp Instant at) {
        Members members = members();
        MemberState before = members.get(event.memberId());
        MemberState after = MemberFold.apply(before, event, version, at);
        invitations(event, version, at);
        if (after == before) {
            return; // seen already, or not this projection's
        }
        members.put(event.memberId(), after);
        if (after == null) {
            SqlBatch.update(jdbc, "DELETE FROM " + schema.table("member_view") + " WHERE member_id = ?", event.memberId());
            SqlBatch.update(jdbc, "DELETE FROM " + schema.table("invitation_view") + " WHERE member_id = ?", event.memberId());
            SqlBatch.update(jdbc, "DELETE FROM " + schema.table("application_key_view") + " WHERE member_id = ?", event.memberId());
            return;
        }
        writeKeys(before == null ? List.of() : before.keys(), after);
        if (before == null) {
            SqlBatch.update(jdbc, "INSERT INTO " + schema.table("member_view") + " (member_id, account_id, member_type, "
                            + "tenant_id, added_at, display_name, first_name, last_name, username, email, app_id, "
                            + "directory_object_id, access, status, group_ids, sync_error, reply_url, app_id_uri, "
                            + "invitation_id, invitation_accepted, failed_operation, directory_state, search_text, "
                            + "version) VALUES (?, ?, ?, ?, ?, " + ROW_VALUES + ") ON CONFLICT (member_id) DO NOTHING",
                    concat(new Object[]{after.memberId(), after.accountId(), after.type().name(), after.tenantId(),
                            Timestamp.from(after.addedAt())}, row(after)));
        } else {
            SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET (display_name, first_name, last_name, "
                            + "username, email, app_id, directory_object_id, access, status, group_ids, sync_error, "
                            + "reply_url, app_id_uri, invitation_id, invitation_accepted, failed_operation, "
                            + "directory_state, search_text, version) = (" + ROW_VALUES + ") WHERE member_id = ? "
                            + "AND version < ?",
                    concat(row(after), new Object[]{after.memberId(), after.version()}));
        }
    }

    private static final String ROW_VALUES = "?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private static Object[] row(MemberState m) {
        return new Object[]{m.displayName(), m.firstName(), m.lastName(), m.username(), m.email(), m.appId(),
                m.directoryObjectId(), AccessJson.write(m.access()), m.status().name(), groupIdsJson(m.groupIds()),
                m.syncError(), m.replyUrl(), m.appIdUri(), m.invitationId(), m.invitationAccepted(),
                m.failedOperation() == null ? null : m.failedOperation().name(), m.directoryState(),
                searchText(m.displayName(), m.username(), m.email()), m.version()};
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** The keys an event added or removed: application_key_view lists them beside the member. */
    private void writeKeys(List<MemberState.Key> before, MemberState after) {
        for (MemberState.Key key : after.keys()) {
            if (!before.contains(key)) {
                SqlBatch.update(jdbc, "INSERT INTO " + schema.table("application_key_view") + " (member_id, key_id, "
                                + "account_id, hint, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        after.memberId(), key.keyId(), after.accountId(), key.hint(), Timestamp.from(key.createdAt()),
                        Timestamp.from(key.expiresAt()));
            }
        }
        for (MemberState.Key key : before) {
            if (after.keys().stream().noneMatch(k -> k.keyId().equals(key.keyId()))) {
                SqlBatch.update(jdbc, "DELETE FROM " + schema.table("application_key_view") + " WHERE member_id = ? AND key_id = ?",
                        after.memberId(), key.keyId());
            }
        }
    }

    /** The invitations list, beside the Users list. */
    private void invitations(MembershipEvent event, long version, Instant at) {
        if (event instanceof UserInvited invited) {
            SqlBatch.update(jdbc, "INSERT INTO " + schema.table("invitation_view") + " (invitation_id, account_id, member_id, email, "
                            + "status, sent_at, version) VALUES (?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT DO NOTHING",
                    invited.invitationId(), invited.accountId(), invited.memberId(), invited.email(), Timestamp.from(at),
                    version);
        } else if (event instanceof InvitationResent resent) {
            SqlBatch.update(jdbc, "UPDATE " + schema.table("invitation_view") + " SET resent_at = ?, version = ? "
                    + "WHERE invitation_id = ? AND version < ?", Timestamp.from(at), version, resent.invitationId(), version);
        } else if (event instanceof InvitationAccepted accepted) {
            SqlBatch.update(jdbc, "UPDATE " + schema.table("invitation_view") + " SET status = 'ACCEPTED', accepted_at = ?, "
                    + "version = ? WHERE invitation_id = ? AND version < ?", Timestamp.from(at), version,
                    accepted.invitationId(), version);
        }
    }

    /**
     * The members this batch of events has folded, so that each is read from the table at most once per batch and
     * a member's later events see its earlier ones, whose writes may not have gone out yet. Dropped with the batch's
     * writes when an event fails. The first member it lacks is read with every other member of the batch's events
     * in one query, not in one round trip each (a busy batch touches up to a batch-size of members).
     */
    private Members members() {
        return SqlBatch.cache(jdbc, Members.class.getName() + "@" + schema.table("member_view"), () -> new Members());
    }

    private final class Members {
        private final Map<String, Optional<MemberState>> known = new HashMap<>();

        MemberState get(String memberId) {
            if (!known.containsKey(memberId)) {
                Set<String> missing = new LinkedHashSet<>();
                missing.add(memberId);
                missing.addAll(batchMembers());
                missing.removeIf(known::containsKey);
                Map<String, MemberState> found = load(missing);
                missing.forEach(id -> known.put(id, Optional.ofNullable(found.get(id))));
            }
            return known.get(memberId).orElse(null);
        }

        void put(String memberId, MemberState member) {
            known.put(memberId, Optional.ofNullable(member));
        }
    }

    /** The members the events of the current batch are about; none outside a batch. */
    private static List<String> batchMembers() {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch)) {
            return List.of();
        }
        List<String> memberIds = new ArrayList<>();
        for (Object message : batch.getMessages()) {
            // the type first: no event is read that this projection does not handle anyway
            if (message instanceof EventMessage<?> event && MembershipEvent.class.isAssignableFrom(event.getPayloadType())) {
                memberIds.add(((MembershipEvent) event.getPayload()).memberId());
            }
        }
        return memberIds;
    }

    /**
     * The members' rows, read with one placeholder per id, padded ({@link InListPlaceholders}): with one array
     * PostgreSQL planned every batch's read anew (0.28 ms of planning against 0.37 of executing a call).
     */
    private Map<String, MemberState> load(Collection<String> memberIds) {
        List<String> ids = InListPlaceholders.padded(memberIds);
        Map<String, MemberState> found = new HashMap<>();
        jdbc.query("SELECT m.*, m.access::text AS access_json, m.group_ids::text AS group_ids_json, "
                        + "(SELECT json_agg(json_build_object('keyId', k.key_id, 'hint', k.hint, 'createdAt', " + UTC.formatted("k.created_at")
                        + ", 'expiresAt', " + UTC.formatted("k.expires_at") + ") ORDER BY k.created_at, k.key_id) FROM " + schema.table("application_key_view")
                        + " k WHERE k.member_id = m.member_id)::text AS keys_json FROM " + schema.table("member_view")
                        + " m WHERE m.member_id IN (" + InListPlaceholders.of(ids) + ")",
                (rs, i) -> new MemberState(rs.getString("member_id"), rs.getString("account_id"),
                        MemberType.valueOf(rs.getString("member_type")), rs.getString("tenant_id"),
                        rs.getString("directory_object_id"), rs.getString("display_name"), rs.getString("first_name"),
                        rs.getString("last_name"), rs.getString("username"), rs.getString("email"),
                        rs.getString("app_id"), AccessJson.read(rs.getString("access_json")),
                        stored(rs.getString("group_ids_json"), String.class), rs.getString("reply_url"),
                        rs.getString("app_id_uri"), stored(rs.getString("keys_json"), MemberState.Key.class),
                        rs.getString("invitation_id"), rs.getBoolean("invitation_accepted"),
                        rs.getString("failed_operation") == null ? null
                                : DirectoryOperation.valueOf(rs.getString("failed_operation")),
                        rs.getString("sync_error"), rs.getString("directory_state"),
                        rs.getTimestamp("added_at").toInstant(), rs.getLong("version")),
                ids.toArray()).forEach(member -> found.put(member.memberId(), member));
        return found;
    }

    private static final String UTC = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = io.gatehouse.messaging.GatehouseSerializer.objectMapper();

    private static <T> List<T> stored(String json, Class<T> type) {
        try {
            return json == null ? List.of() : JSON.readValue(json,
                    JSON.getTypeFactory().constructCollectionType(List.class, type));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable member_view row", e);
        }
    }

    private static String groupIdsJson(List<String> groupIds) {
        return groupIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * The person's data this projection copied from events is replaced by the placeholder, as the events now read,
     * in both copies: the one readers left at the last rebuild keeps what it had until the next one.
     */
    @EventHandler
    void on(PersonErased event) {
        String[] memberIds = event.memberIds().toArray(String[]::new);
        for (String copy : ProjectionGenerations.COPIES) {
            SqlBatch.update(jdbc, "UPDATE " + copy + ".member_view SET display_name = " + erased("display_name")
                    + ", first_name = " + erased("first_name") + ", last_name = " + erased("last_name") + ", username = "
                    + erased("username") + ", email = " + erased("email") + ", sync_error = " + erased("sync_error")
                    + ", search_text = '' WHERE member_id = ANY (?)", (Object) memberIds);
            SqlBatch.update(jdbc, "UPDATE " + copy + ".invitation_view SET email = ? WHERE member_id = ANY (?)",
                    PersonalDataProtection.ERASED, memberIds);
        }
        // the members folded so far may hold the erased values: read them again after the update
        SqlBatch.flush();
        members().known.clear();
    }

    private static String erased(String column) {
        return "CASE WHEN " + column + " IS NULL THEN NULL ELSE '" + PersonalDataProtection.ERASED + "' END";
    }

    @EventHandler
    void on(DirectoryIntegrationChanged event) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("account_tenant_view") + " SET directory_integration = ? "
                + "WHERE account_id = ? AND tenant_id = ?", event.onPremisesSyncEnabled(), event.accountId(),
                event.tenantId());
    }

    private void associate(String accountId, String tenantId, Instant at) {
        SqlBatch.update(jdbc, "INSERT INTO " + schema.table("account_tenant_view") + " (account_id, tenant_id, associated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (account_id, tenant_id) DO NOTHING", accountId, tenantId, Timestamp.from(at));
    }

    static String searchText(String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank())
                .map(v -> v.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }
}
