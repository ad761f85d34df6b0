package io.gatehouse.sync.reconcile;

import io.gatehouse.account.AccountCreated;
import io.gatehouse.account.DirectoryIntegrationChanged;
import io.gatehouse.account.TenantAssociated;
import io.gatehouse.account.TenantRemoved;
import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySynced;
import io.gatehouse.membership.InvitationAccepted;
import io.gatehouse.membership.MemberAdded;
import io.gatehouse.membership.MemberRemoved;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.NewApplicationRequested;
import io.gatehouse.membership.NewGroupRequested;
import io.gatehouse.membership.NewUserRequested;
import io.gatehouse.membership.UserInvited;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What directory sync reconciles with the directory: pending invitations, the accounts' tenants, and the members whose
 * directory objects it reads back.
 */
@Component
@ProcessingGroup("directory-sync-tracking")
public class SyncTracking {

    private final JdbcTemplate jdbc;

    public SyncTracking(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserInvited event) {
        jdbc.update("INSERT INTO sync_pending_invitation (member_id, account_id, tenant_id) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", event.memberId(), event.accountId(), event.tenantId());
        member(event.memberId(), event.accountId(), event.tenantId(), MemberType.USER, null, false);
    }

    @EventHandler
    void on(DirectorySynced event) {
        if (event.operation() == DirectoryOperation.INVITE) {
            jdbc.update("UPDATE sync_pending_invitation SET directory_object_id = ? WHERE member_id = ?",
                    event.directoryObjectId(), event.memberId());
        }
        if (event.directoryObjectId() != null) {
            jdbc.update("UPDATE sync_member SET directory_object_id = ? WHERE member_id = ?",
                    event.directoryObjectId(), event.memberId());
        }
    }

    /** An existing object added: read back once what Gatehouse does not know yet (a user's groups, an app's keys). */
    @EventHandler
    void on(MemberAdded event) {
        member(event.memberId(), event.accountId(), event.tenantId(), event.type(), event.directoryObjectId(),
                event.type() != MemberType.GROUP);
    }

    @EventHandler
    void on(NewUserRequested event) {
        member(event.memberId(), event.accountId(), event.tenantId(), MemberType.USER, null, false);
    }

    @EventHandler
    void on(NewGroupRequested event) {
        member(event.memberId(), event.accountId(), event.tenantId(), MemberType.GROUP, null, false);
    }

    @EventHandler
    void on(NewApplicationRequested event) {
        member(event.memberId(), event.accountId(), event.tenantId(), MemberType.APPLICATION, null, false);
    }

    private void member(String memberId, String accountId, String tenantId, MemberType type, String objectId,
                        boolean needsRead) {
        jdbc.update("INSERT INTO sync_member (member_id, account_id, tenant_id, member_type, directory_object_id, "
                + "needs_read) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", memberId, accountId, tenantId,
                type.name(), objectId, needsRead);
    }

    @EventHandler
    void on(InvitationAccepted event) {
        jdbc.update("DELETE FROM sync_pending_invitation WHERE member_id = ?", event.memberId());
    }

    /** The digest of an erased person's directory state is forgotten too: it was computed from their names. */
    @EventHandler
    void on(io.gatehouse.privacy.PersonErased event) {
        jdbc.update("UPDATE sync_member SET last_state = NULL WHERE member_id = ANY (?)",
                (Object) event.memberIds().toArray(String[]::new));
    }

    @EventHandler
    void on(MemberRemoved event) {
        jdbc.update("DELETE FROM sync_pending_invitation WHERE member_id = ?", event.memberId());
        jdbc.update("DELETE FROM sync_member WHERE member_id = ?", event.memberId());
    }

    @EventHandler
    void on(AccountCreated event) {
        track(event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(TenantAssociated event) {
        track(event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(TenantRemoved event) {
        jdbc.update("DELETE FROM sync_tenant WHERE account_id = ? AND tenant_id = ?", event.accountId(), event.tenantId());
        jdbc.update("DELETE FROM sync_member WHERE account_id = ? AND tenant_id = ?", event.accountId(), event.tenantId());
    }

    @EventHandler
    void on(DirectoryIntegrationChanged event) {
        jdbc.update("UPDATE sync_tenant SET on_premises_sync_enabled = ? WHERE account_id = ? AND tenant_id = ?",
                event.onPremisesSyncEnabled(), event.accountId(), event.tenantId());
    }

    private void track(String accountId, String tenantId) {
        jdbc.update("INSERT INTO sync_tenant (account_id, tenant_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                accountId, tenantId);
    }
}
