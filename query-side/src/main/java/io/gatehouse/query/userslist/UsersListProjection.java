package io.gatehouse.query.userslist;

import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.AccessChanged;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.UserAdded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import io.gatehouse.platform.json.AccessJson;
import org.springframework.jdbc.core.JdbcTemplate;
import io.gatehouse.query.projections.Projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Users list: accounts, their tenants and their current members. Every write is an idempotent upsert
 * guarded by the member's event sequence number, so that handling an event twice changes nothing.
 */
@ProcessingGroup(UsersListProjection.NAME)
public class UsersListProjection {

    public static final String NAME = "users-list";

    public static final List<String> TABLES = List.of("account_view", "account_tenant_view", "member_view");

    private final JdbcTemplate jdbc;
    private final Projection.Schema schema;

    public UsersListProjection(JdbcTemplate jdbc, Projection.Schema schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    @EventHandler
    void on(AccountCreated event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("INSERT INTO " + schema.table("account_view") + " (account_id, display_name, owner_oid, owner_tenant_id, created_at) "
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
        jdbc.update("DELETE FROM " + schema.table("account_tenant_view") + " WHERE account_id = ? AND tenant_id = ?",
                event.accountId(), event.tenantId());
        // its members lose access at once; their MemberRemoved events follow
        jdbc.update("DELETE FROM " + schema.table("member_view") + " WHERE account_id = ? AND tenant_id = ?",
                event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(MemberAdded event, @SequenceNumber long version, @org.axonframework.eventhandling.Timestamp Instant at) {
        String firstName = null, lastName = null, username = null, email = null, appId = null;
        if (event instanceof UserAdded user) {
            firstName = user.firstName();
            lastName = user.lastName();
            username = user.username();
            email = user.email();
        } else if (event instanceof ApplicationAdded application) {
            appId = application.appId();
        }
        jdbc.update("INSERT INTO " + schema.table("member_view") + " (member_id, account_id, member_type, display_name, first_name, last_name, "
                        + "username, email, app_id, tenant_id, directory_object_id, access, status, added_at, version, "
                        + "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'ACTIVE', ?, ?, ?) "
                        + "ON CONFLICT (member_id) DO NOTHING",
                event.memberId(), event.accountId(), event.type().name(), event.displayName(), firstName, lastName,
                username, email, appId, event.tenantId(), event.directoryObjectId(), AccessJson.write(event.access()),
                Timestamp.from(at), version, searchText(event.displayName(), username, email));
    }

    @EventHandler
    void on(AccessChanged event, @SequenceNumber long version) {
        jdbc.update("UPDATE " + schema.table("member_view") + " SET access = ?::jsonb, version = ? WHERE member_id = ? AND version < ?",
                AccessJson.write(event.access()), version, event.memberId(), version);
    }

    @EventHandler
    void on(MemberRemoved event) {
        jdbc.update("DELETE FROM " + schema.table("member_view") + " WHERE member_id = ?", event.memberId());
    }

    private void associate(String accountId, String tenantId, Instant at) {
        jdbc.update("INSERT INTO " + schema.table("account_tenant_view") + " (account_id, tenant_id, associated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (account_id, tenant_id) DO NOTHING", accountId, tenantId, Timestamp.from(at));
    }

    static String searchText(String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank())
                .map(v -> v.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }
}
