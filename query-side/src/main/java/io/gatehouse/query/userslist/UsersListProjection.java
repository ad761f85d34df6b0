package io.gatehouse.query.userslist;

import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.AccessReplaced;
import io.gatehouse.membership.ApplicationAdded;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.UserAdded;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncFailed;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.InvitationResent;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.PasswordResetRequested;
import io.gatehouse.membership.UserEdited;
import io.gatehouse.membership.UserGroupsChanged;
import io.gatehouse.membership.UserInvited;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.GroupRenamed;
import io.gatehouse.membership.ApplicationUrlsChanged;
import io.gatehouse.membership.KeyRequested;
import io.gatehouse.membership.KeyAdded;
import io.gatehouse.membership.KeyRemoved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import io.gatehouse.platform.json.AccessJson;
import org.springframework.jdbc.core.JdbcTemplate;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.gatehouse.query.projections.SqlBatch;
import io.gatehouse.messaging.privacy.PersonalDataProtection;
import io.gatehouse.privacy.PersonErased;

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
        SqlBatch.update(jdbc, "INSERT INTO " + schema.table("member_view") + " (member_id, account_id, member_type, display_name, first_name, last_name, "
                        + "username, email, app_id, tenant_id, directory_object_id, access, status, added_at, version, "
                        + "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'ACTIVE', ?, ?, ?) "
                        + "ON CONFLICT (member_id) DO NOTHING",
                event.memberId(), event.accountId(), event.type().name(), event.displayName(), firstName, lastName,
                username, email, appId, event.tenantId(), event.directoryObjectId(), AccessJson.write(event.access()),
                Timestamp.from(at), version, searchText(event.displayName(), username, email));
    }

    @EventHandler
    void on(NewUserRequested event, @SequenceNumber long version, @org.axonframework.eventhandling.Timestamp Instant at) {
        insertMember(event.memberId(), event.accountId(), "USER", event.displayName(), event.firstName(),
                event.lastName(), event.username(), null, null, event.tenantId(), null, event.access(), "PROVISIONING",
                at, version, groupIds(event.groups()));
    }

    @EventHandler
    void on(UserInvited event, @SequenceNumber long version, @org.axonframework.eventhandling.Timestamp Instant at) {
        insertMember(event.memberId(), event.accountId(), "USER", event.email(), null, null, event.email(),
                event.email(), null, event.tenantId(), null, event.access(), "INVITATION_PENDING", at, version, "[]");
        SqlBatch.update(jdbc, "INSERT INTO " + schema.table("invitation_view") + " (invitation_id, account_id, member_id, email, "
                        + "status, sent_at, version) VALUES (?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT DO NOTHING",
                event.invitationId(), event.accountId(), event.memberId(), event.email(), Timestamp.from(at), version);
    }

    @EventHandler
    void on(NewGroupRequested event, @SequenceNumber long version, @org.axonframework.eventhandling.Timestamp Instant at) {
        insertMember(event.memberId(), event.accountId(), "GROUP", event.displayName(), null, null, null, null, null,
                event.tenantId(), null, event.access(), "PROVISIONING", at, version, "[]");
    }

    @EventHandler
    void on(NewApplicationRequested event, @SequenceNumber long version,
            @org.axonframework.eventhandling.Timestamp Instant at) {
        insertMember(event.memberId(), event.accountId(), "APPLICATION", event.displayName(), null, null, null, null,
                null, event.tenantId(), null, event.access(), "PROVISIONING", at, version, "[]");
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET reply_url = ?, app_id_uri = ? WHERE member_id = ?",
                event.replyUrl(), event.appIdUri(), event.memberId());
    }

    @EventHandler
    void on(GroupRenamed event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET display_name = ?, search_text = ?, version = ? "
                + "WHERE member_id = ? AND version < ?", event.displayName(), searchText(event.displayName()), version,
                event.memberId(), version);
    }

    @EventHandler
    void on(ApplicationUrlsChanged event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET reply_url = coalesce(?, reply_url), "
                + "app_id_uri = coalesce(?, app_id_uri), version = ? WHERE member_id = ? AND version < ?",
                event.replyUrl(), event.appIdUri(), version, event.memberId(), version);
    }

    @EventHandler
    void on(KeyRequested event, @SequenceNumber long version) {
        touch(event.memberId(), version);
    }

    @EventHandler
    void on(KeyAdded event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "INSERT INTO " + schema.table("application_key_view") + " (member_id, key_id, account_id, hint, "
                        + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", event.memberId(),
                event.keyId(), event.accountId(), event.hint(), Timestamp.from(event.createdAt()),
                Timestamp.from(event.expiresAt()));
        touch(event.memberId(), version);
    }

    @EventHandler
    void on(KeyRemoved event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "DELETE FROM " + schema.table("application_key_view") + " WHERE member_id = ? AND key_id = ?",
                event.memberId(), event.keyId());
        touch(event.memberId(), version);
    }

    @EventHandler
    void on(InvitationResent event, @SequenceNumber long version, @org.axonframework.eventhandling.Timestamp Instant at) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("invitation_view") + " SET resent_at = ?, version = ? "
                + "WHERE invitation_id = ? AND version < ?", Timestamp.from(at), version, event.invitationId(), version);
        touch(event.memberId(), version);
    }

    @EventHandler
    void on(InvitationAccepted event, @SequenceNumber long version, @org.axonframework.eventhandling.Timestamp Instant at) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("invitation_view") + " SET status = 'ACCEPTED', accepted_at = ?, "
                + "version = ? WHERE invitation_id = ? AND version < ?", Timestamp.from(at), version,
                event.invitationId(), version);
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET status = 'ACTIVE', version = ? "
                + "WHERE member_id = ? AND version < ?", version, event.memberId(), version);
    }

    @EventHandler
    void on(UserEdited event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET first_name = coalesce(?, first_name), "
                        + "last_name = coalesce(?, last_name), display_name = coalesce(?, display_name), "
                        + "username = coalesce(?, username), version = ? WHERE member_id = ? AND version < ?",
                event.firstName(), event.lastName(), event.displayName(), event.username(), version, event.memberId(),
                version);
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET search_text = lower(concat_ws(' ', display_name, "
                + "username, email)) WHERE member_id = ?", event.memberId());
    }

    @EventHandler
    void on(UserGroupsChanged event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET group_ids = ?::jsonb, version = ? "
                + "WHERE member_id = ? AND version < ?", groupIds(event.groups()), version, event.memberId(), version);
    }

    @EventHandler
    void on(PasswordResetRequested event, @SequenceNumber long version) {
        touch(event.memberId(), version);
    }

    @EventHandler
    void on(DirectorySynced event, @SequenceNumber long version) {
        boolean invitation = event.operation() == DirectoryOperation.INVITE
                || event.operation() == DirectoryOperation.RESEND_INVITATION;
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET app_id = coalesce(?, app_id) WHERE member_id = ?",
                event.appId(), event.memberId());
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET directory_object_id = coalesce(?, directory_object_id), "
                        + "status = CASE WHEN status IN ('PROVISIONING', 'SYNC_FAILED') THEN ? ELSE status END, "
                        + "sync_error = NULL, version = ? WHERE member_id = ? AND version < ?",
                event.directoryObjectId(), invitation ? "INVITATION_PENDING" : "ACTIVE", version, event.memberId(),
                version);
    }

    @EventHandler
    void on(DirectorySyncFailed event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET status = 'SYNC_FAILED', sync_error = ?, version = ? "
                + "WHERE member_id = ? AND version < ?", event.operation() + ": " + event.reason(), version,
                event.memberId(), version);
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
    }

    private static String erased(String column) {
        return "CASE WHEN " + column + " IS NULL THEN NULL ELSE '" + PersonalDataProtection.ERASED + "' END";
    }

    @EventHandler
    void on(DirectorySyncRetried event, @SequenceNumber long version) {
        String status = switch (event.operation()) {
            case CREATE_USER, CREATE_GROUP, CREATE_APPLICATION -> "PROVISIONING";
            case INVITE, RESEND_INVITATION -> "INVITATION_PENDING";
            default -> "ACTIVE";
        };
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET status = ?, sync_error = NULL, version = ? "
                + "WHERE member_id = ? AND version < ?", status, version, event.memberId(), version);
    }

    @EventHandler
    void on(DirectoryIntegrationChanged event) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("account_tenant_view") + " SET directory_integration = ? "
                + "WHERE account_id = ? AND tenant_id = ?", event.onPremisesSyncEnabled(), event.accountId(),
                event.tenantId());
    }

    private void touch(String memberId, long version) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET version = ? WHERE member_id = ? AND version < ?",
                version, memberId, version);
    }

    private void insertMember(String memberId, String accountId, String type, String displayName, String firstName,
                              String lastName, String username, String email, String appId, String tenantId,
                              String directoryObjectId, io.gatehouse.access.Access access, String status, Instant at,
                              long version, String groupIds) {
        SqlBatch.update(jdbc, "INSERT INTO " + schema.table("member_view") + " (member_id, account_id, member_type, display_name, "
                        + "first_name, last_name, username, email, app_id, tenant_id, directory_object_id, access, status, "
                        + "added_at, version, search_text, group_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, "
                        + "?, ?, ?, ?::jsonb) ON CONFLICT (member_id) DO NOTHING",
                memberId, accountId, type, displayName, firstName, lastName, username, email, appId, tenantId,
                directoryObjectId, AccessJson.write(access), status, Timestamp.from(at), version,
                searchText(displayName, username, email), groupIds);
    }

    private static String groupIds(List<GroupRef> groups) {
        return groups == null ? "[]" : groups.stream().map(g -> "\"" + g.memberId() + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    @EventHandler
    void on(AccessReplaced event, @SequenceNumber long version) {
        SqlBatch.update(jdbc, "UPDATE " + schema.table("member_view") + " SET access = ?::jsonb, version = ? WHERE member_id = ? AND version < ?",
                AccessJson.write(event.access()), version, event.memberId(), version);
    }

    @EventHandler
    void on(MemberRemoved event) {
        SqlBatch.update(jdbc, "DELETE FROM " + schema.table("member_view") + " WHERE member_id = ?", event.memberId());
        SqlBatch.update(jdbc, "DELETE FROM " + schema.table("invitation_view") + " WHERE member_id = ?", event.memberId());
        SqlBatch.update(jdbc, "DELETE FROM " + schema.table("application_key_view") + " WHERE member_id = ?", event.memberId());
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
