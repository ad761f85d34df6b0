package io.gatehouse.sync.reconcile;

import io.gatehouse.account.AccountCommands.RecordDirectoryIntegration;
import io.gatehouse.membership.MembershipCommands.RecordInvitationAccepted;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Reads from the directory what only the directory knows: whether a tenant is synced from on-premises, run once per
 * cluster by {@link DirectoryReconciliationJob}, and whether a guest accepted its invitation ({@code externalUserState},
 * one call per pending guest: only the local directory is asked this way, by {@link DirectoryRefresh}; in graph mode the
 * delta rounds tell). Recording the same fact twice would change nothing all the same.
 */
@Component
public class DirectoryReconciliation {

    private static final Logger log = LoggerFactory.getLogger(DirectoryReconciliation.class);

    private final JdbcTemplate jdbc;
    private final Directory directory;
    private final CommandGateway commands;

    public DirectoryReconciliation(JdbcTemplate jdbc, Directory directory, CommandGateway commands) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.commands = commands;
    }

    /** Invitations are directory refresh's now (delta rounds; the local directory asked at its interval). */
    public void reconcile() {
        directoryIntegration();
    }

    /** Records InvitationAccepted for every pending guest the directory says has redeemed; answers how many. */
    public int acceptedInvitations() {
        int accepted = 0;
        List<Map<String, Object>> pending = jdbc.queryForList("SELECT member_id, account_id, tenant_id, "
                + "directory_object_id FROM sync_pending_invitation WHERE directory_object_id IS NOT NULL");
        for (Map<String, Object> invitation : pending) {
            try {
                String state = directory.externalUserState((String) invitation.get("tenant_id"),
                        (String) invitation.get("directory_object_id"));
                if ("Accepted".equalsIgnoreCase(state)) {
                    commands.sendAndWait(new RecordInvitationAccepted((String) invitation.get("member_id"),
                            (String) invitation.get("account_id")));
                    accepted++;
                }
            } catch (DirectoryException e) {
                log.warn("Could not read invitation state of member {}: {}", invitation.get("member_id"), e.reason());
            } catch (RuntimeException e) {
                log.warn("Could not record acceptance of member {}", invitation.get("member_id"), e);
            }
        }
        return accepted;
    }

    /** Refreshes organization.onPremisesSyncEnabled of every associated tenant. */
    public void directoryIntegration() {
        for (Map<String, Object> tenant : jdbc.queryForList("SELECT account_id, tenant_id, on_premises_sync_enabled "
                + "FROM sync_tenant")) {
            try {
                boolean synced = directory.directoryIntegration((String) tenant.get("tenant_id"));
                if (synced != (Boolean) tenant.get("on_premises_sync_enabled")) {
                    commands.sendAndWait(new RecordDirectoryIntegration((String) tenant.get("account_id"),
                            (String) tenant.get("tenant_id"), synced));
                }
            } catch (DirectoryException e) {
                log.warn("Could not read directory integration of tenant {}: {}", tenant.get("tenant_id"), e.reason());
            }
        }
    }
}
