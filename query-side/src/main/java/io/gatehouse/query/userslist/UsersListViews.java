package io.gatehouse.query.userslist;

import io.gatehouse.access.Access;
import io.gatehouse.membership.MemberStatus;
import io.gatehouse.membership.MemberType;
import io.gatehouse.platform.database.InListPlaceholders;
import io.gatehouse.platform.authorization.AccountFacts;
import io.gatehouse.platform.authorization.GrantingMember;
import io.gatehouse.platform.authorization.MembershipFacts;
import io.gatehouse.platform.authorization.GrantingMembersJson;
import io.gatehouse.platform.json.AccessJson;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads of the Users list projection. */
@Component
public class UsersListViews implements MembershipFacts {

    /**
     * One row of the Users list. {@code directoryState} is PRESENT, DISABLED or DELETED, as directory sync last read
     * the member's object.
     */
    public record MemberRow(String memberId, MemberType type, String displayName, String firstName, String lastName,
                            String username, String email, String appId, String tenantId, String directoryObjectId,
                            Access access, MemberStatus status, Instant lastActivity, long version, List<String> groupIds,
                            String syncError, String replyUrl, String appIdUri, String invitationId,
                            String directoryState) {

        /** A member folded from its events, without the activity the Users list joins to it. */
        public static MemberRow of(MemberState m) {
            return new MemberRow(m.memberId(), m.type(), m.displayName(), m.firstName(), m.lastName(), m.username(),
                    m.email(), m.appId(), m.tenantId(), m.directoryObjectId(), m.access(), m.status(), null,
                    m.version(), m.groupIds(), m.syncError(), m.replyUrl(), m.appIdUri(), m.invitationId(),
                    m.directoryState());
        }
    }

    public record Tenant(String tenantId, boolean directoryIntegration) {
    }

    public record AccountRow(String accountId, String displayName, String ownerOid, List<Tenant> tenants) {
    }

    /** Filters of the Users page; null means no filter. */
    public record Filter(MemberType type, String search, String tenantId, MemberStatus status) {
    }

    public record Page(List<MemberRow> items, long total) {
    }

    private static final String MEMBER_COLUMNS = "m.member_id, m.member_type, m.display_name, m.first_name, "
            + "m.last_name, m.username, m.email, m.app_id, m.tenant_id, m.directory_object_id, m.access::text AS access, "
            + "m.status, a.last_visit_at AS last_activity, m.version, m.group_ids::text AS group_ids, m.sync_error, "
            + "m.reply_url, m.app_id_uri, m.invitation_id, m.directory_state";

    private static final RowMapper<MemberRow> MEMBER = (rs, i) -> new MemberRow(rs.getString("member_id"),
            MemberType.valueOf(rs.getString("member_type")), rs.getString("display_name"), rs.getString("first_name"),
            rs.getString("last_name"), rs.getString("username"), rs.getString("email"), rs.getString("app_id"),
            rs.getString("tenant_id"), rs.getString("directory_object_id"), AccessJson.read(rs.getString("access")),
            MemberStatus.valueOf(rs.getString("status")), rs.getTimestamp("last_activity") == null ? null
            : rs.getTimestamp("last_activity").toInstant(), rs.getLong("version"), ids(rs.getString("group_ids")),
            rs.getString("sync_error"), rs.getString("reply_url"), rs.getString("app_id_uri"),
            rs.getString("invitation_id"), rs.getString("directory_state"));

    private static List<String> ids(String json) {
        try {
            return json == null ? List.of() : List.of(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(json, String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private final JdbcTemplate jdbc;
    private final Projection.Schema live;
    private final Projection.Schema activity;

    public UsersListViews(JdbcTemplate jdbc, ProjectionGenerations generations) {
        this.jdbc = jdbc;
        this.live = generations.liveSchema(UsersListProjection.NAME);
        this.activity = generations.liveSchema(io.gatehouse.query.activity.ActivityProjection.NAME);
    }

    /** Members with their last activity, which the activity projection keeps per visitor. */
    private String members() {
        return live.table("member_view") + " m LEFT JOIN " + activity.table("visitor_last_activity")
                + " a ON a.account_id = m.account_id AND a.visitor_oid = m.directory_object_id AND a.tenant_id = m.tenant_id";
    }

    public Optional<AccountRow> accountRow(String accountId) {
        List<String[]> rows = jdbc.query("SELECT display_name, owner_oid FROM " + live.table("account_view") + " WHERE account_id = ?",
                (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, accountId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Tenant> tenants = jdbc.query("SELECT tenant_id, directory_integration FROM " + live.table("account_tenant_view") + " "
                        + "WHERE account_id = ? ORDER BY associated_at, tenant_id",
                (rs, i) -> new Tenant(rs.getString(1), rs.getBoolean(2)), accountId);
        return Optional.of(new AccountRow(accountId, rows.get(0)[0], rows.get(0)[1], tenants));
    }

    public Page members(String accountId, Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE m.account_id = ?");
        List<Object> args = new ArrayList<>(List.of(accountId));
        if (filter.type() != null) {
            where.append(" AND m.member_type = ?");
            args.add(filter.type().name());
        }
        if (filter.tenantId() != null) {
            where.append(" AND m.tenant_id = ?");
            args.add(filter.tenantId());
        }
        if (filter.status() != null) {
            where.append(" AND m.status = ?");
            args.add(filter.status().name());
        }
        if (filter.search() != null && !filter.search().isBlank()) {
            where.append(" AND m.search_text LIKE ? ESCAPE '\\'");
            args.add("%" + filter.search().strip().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        // without a search the total comes from the counts a trigger keeps, not from counting the rows
        String countSql = filter.search() == null || filter.search().isBlank()
                ? "SELECT coalesce(sum(m.members), 0) FROM " + live.table("member_count") + " m" + where
                : "SELECT count(*) FROM " + live.table("member_view") + " m" + where;
        Long total = jdbc.queryForObject(countSql, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<MemberRow> items = jdbc.query("SELECT " + MEMBER_COLUMNS + " FROM " + members() + where
                + " ORDER BY m.display_name, m.member_id LIMIT ? OFFSET ?", MEMBER, pageArgs.toArray());
        return new Page(items, total == null ? 0 : total);
    }

    public Optional<MemberRow> member(String accountId, String memberId) {
        return jdbc.query("SELECT " + MEMBER_COLUMNS + " FROM " + members() + " WHERE m.account_id = ? AND m.member_id = ?",
                MEMBER, accountId, memberId).stream().findFirst();
    }

    /** An application member's keys, without the keys themselves. */
    public List<MemberState.Key> keys(String memberId) {
        return jdbc.query("SELECT key_id, hint, created_at, expires_at FROM " + live.table("application_key_view")
                        + " WHERE member_id = ? ORDER BY created_at, key_id",
                (rs, i) -> new MemberState.Key(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()), memberId);
    }

    /** Group members of the account, from the tenant, whose directory object is one of {@code groupObjectIds}. */
    public List<MemberRow> groupsAmong(String accountId, String tenantId, Collection<String> groupObjectIds) {
        return jdbc.query("SELECT " + MEMBER_COLUMNS + " FROM " + members() + " WHERE m.account_id = ? AND m.tenant_id = ? "
                        + "AND m.member_type = 'GROUP' AND m.directory_object_id = ANY (?) ORDER BY m.display_name",
                MEMBER, accountId, tenantId, groupObjectIds.toArray(String[]::new));
    }

    @Override
    public Optional<AccountFacts> account(String accountId) {
        return accountRow(accountId).map(row -> new AccountFacts(accountId, row.ownerOid(),
                new HashSet<>(row.tenants().stream().map(Tenant::tenantId).toList())));
    }

    /** Account, tenants and the caller's member entries in one round trip: every query reads them. */
    @Override
    public Optional<CallerFacts> callerFacts(String accountId, String tenantId, Collection<String> objectIds) {
        return jdbc.query("SELECT a.owner_oid, ARRAY(SELECT t.tenant_id FROM " + live.table("account_tenant_view")
                        + " t WHERE t.account_id = a.account_id) AS tenants, (SELECT coalesce(json_agg(json_build_object("
                        + "'memberId', m.member_id, 'type', m.member_type, 'tenantId', m.tenant_id, "
                        + "'directoryObjectId', m.directory_object_id, 'access', m.access)), '[]') FROM "
                        + live.table("member_view") + " m WHERE m.account_id = a.account_id AND m.tenant_id = ? "
                        + "AND m.directory_object_id IN (" + InListPlaceholders.of(objectIds)
                        + ") AND m.directory_state = 'PRESENT')::text AS members FROM "
                        + live.table("account_view")
                        + " a WHERE a.account_id = ?",
                (rs, i) -> new CallerFacts(new AccountFacts(accountId, rs.getString(1),
                        new HashSet<>(List.of((String[]) rs.getArray(2).getArray()))),
                        GrantingMembersJson.read(rs.getString(3))),
                InListPlaceholders.parameters(tenantId, objectIds, accountId)).stream().findFirst();
    }

    @Override
    public List<GrantingMember> members(String accountId, String tenantId, Collection<String> objectIds) {
        return jdbc.query("SELECT member_id, member_type, tenant_id, directory_object_id, access::text FROM " + live.table("member_view") + " "
                        + "WHERE account_id = ? AND (?::text IS NULL OR tenant_id = ?) AND directory_object_id = ANY (?) "
                        + "AND directory_state = 'PRESENT'",
                (rs, i) -> new GrantingMember(rs.getString(1), MemberType.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), AccessJson.read(rs.getString(5))),
                accountId, tenantId, tenantId, objectIds.toArray(String[]::new));
    }
}
