package io.gatehouse.sync.reconcile;

import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryChange;
import io.gatehouse.directory.DirectoryDelta;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.directory.DirectoryException.Reason;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.DirectoryKey;
import io.gatehouse.membership.MembershipCommands.RecordDirectoryState;
import io.gatehouse.membership.MembershipCommands.RecordInvitationAccepted;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory as it really is. Each run reads back the existing objects added since the last run
 * ({@link DirectoryReadBack}), then, where the directory has delta queries (graph mode), runs one delta round per
 * associated tenant and type of object from the tenant's stored delta links: what changed outside Gatehouse goes to
 * the members it concerns as {@link RecordDirectoryState} (the member records what differs, attributed to the
 * directory), and a pending guest that redeemed is recorded as accepted. A 410 for an expired link starts that type
 * over with a full sync; a 429 leaves the tenant alone until its Retry-After has passed.
 */
@Component
public class DirectoryRefresh {

    private static final Logger log = LoggerFactory.getLogger(DirectoryRefresh.class);
    private static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final Directory directory;
    private final CommandGateway commands;
    private final DirectoryReadBack readBack;
    private final DirectoryReconciliation reconciliation;
    private final Clock clock;
    /** Tenants Graph throttled, until when; a node that takes the job over merely asks once too early. */
    private final Map<String, Instant> throttledUntil = new ConcurrentHashMap<>();

    public DirectoryRefresh(JdbcTemplate jdbc, Directory directory, CommandGateway commands,
                            DirectoryReadBack readBack, DirectoryReconciliation reconciliation) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.commands = commands;
        this.readBack = readBack;
        this.reconciliation = reconciliation;
        this.clock = Clock.systemUTC();
        if (!directory.supportsDelta()) {
            log.info("Delta queries are not supported in local mode: directory refresh reads back objects once they "
                    + "are added and asks the local directory about pending invitations");
        }
    }

    public void refresh() {
        if (directory.supportsDelta()) {
            for (String tenantId : jdbc.queryForList("SELECT DISTINCT tenant_id FROM sync_tenant ORDER BY tenant_id",
                    String.class)) {
                deltaRound(tenantId);
            }
        } else {
            // the local directory is a table of Gatehouse's own: asking it per invitation costs no Graph call
            reconciliation.acceptedInvitations();
        }
        // also the users whose groups the delta round says changed
        readBack.readAddedObjects();
    }

    /** One delta round of every type of object for the tenant; answers how many member changes it sent. */
    public int deltaRound(String tenantId) {
        Instant until = throttledUntil.get(tenantId);
        if (until != null && clock.instant().isBefore(until)) {
            return 0;
        }
        throttledUntil.remove(tenantId);
        int sent = 0;
        for (MemberType type : MemberType.values()) {
            try {
                sent += round(tenantId, type);
            } catch (DirectoryException e) {
                if (e.reason() == Reason.THROTTLED) {
                    Duration wait = e.retryAfter() != null ? e.retryAfter() : DEFAULT_BACK_OFF;
                    throttledUntil.put(tenantId, clock.instant().plus(wait));
                    log.info("Graph throttled the delta round of tenant {}: next one after {}", tenantId, wait);
                    return sent;
                }
                log.warn("Delta round of {} in tenant {} failed: {} {} {}", type, tenantId, e.reason(), e.code(),
                        e.getMessage());
            }
        }
        return sent;
    }

    private int round(String tenantId, MemberType type) {
        String resource = resource(type);
        String link = jdbc.queryForList("SELECT delta_link FROM directory_delta_link WHERE tenant_id = ? "
                + "AND resource = ?", String.class, tenantId, resource).stream().findFirst().orElse(null);
        DirectoryDelta delta;
        try {
            delta = directory.delta(tenantId, type, link);
        } catch (DirectoryException e) {
            if (e.reason() != Reason.EXPIRED || link == null) {
                throw e;
            }
            log.info("The {} delta link of tenant {} expired: starting over with a full sync", resource, tenantId);
            jdbc.update("DELETE FROM directory_delta_link WHERE tenant_id = ? AND resource = ?", tenantId, resource);
            delta = directory.delta(tenantId, type, null);
        }
        int sent = apply(tenantId, delta.changes());
        if (delta.deltaLink() != null) {
            jdbc.update("INSERT INTO directory_delta_link (tenant_id, resource, delta_link) VALUES (?, ?, ?) "
                    + "ON CONFLICT (tenant_id, resource) DO UPDATE SET delta_link = excluded.delta_link, "
                    + "updated_at = now()", tenantId, resource, delta.deltaLink());
        }
        return sent;
    }

    /** Sends each change to the members whose object it is (in every account that has one). */
    private int apply(String tenantId, List<DirectoryChange> changes) {
        if (changes.isEmpty()) {
            return 0;
        }
        // who joined or left a group: those users' groups are read again, as once they were added
        String[] joinedOrLeft = changes.stream().filter(change -> change.membersChanged() != null)
                .flatMap(change -> change.membersChanged().stream()).distinct().toArray(String[]::new);
        if (joinedOrLeft.length > 0) {
            jdbc.update("UPDATE sync_member SET needs_read = TRUE WHERE tenant_id = ? AND member_type = 'USER' "
                    + "AND directory_object_id = ANY (?)", tenantId, joinedOrLeft);
        }
        Map<String, DirectoryChange> byObject = new java.util.LinkedHashMap<>();
        changes.forEach(change -> byObject.put(change.id(), change));
        List<Map<String, Object>> members = jdbc.queryForList("SELECT m.member_id, m.account_id, "
                + "m.directory_object_id, m.last_state, (p.member_id IS NOT NULL) AS pending_invitation "
                + "FROM sync_member m LEFT JOIN sync_pending_invitation p ON p.member_id = m.member_id "
                + "WHERE m.tenant_id = ? AND m.directory_object_id = ANY (?) ORDER BY m.member_id",
                tenantId, byObject.keySet().toArray(String[]::new));
        int sent = 0;
        for (Map<String, Object> member : members) {
            String memberId = (String) member.get("member_id");
            String accountId = (String) member.get("account_id");
            DirectoryChange change = byObject.get((String) member.get("directory_object_id"));
            try {
                RecordDirectoryState state = state(memberId, accountId, change);
                String digest = digest(state);
                // what the member was told last time (a full sync after a 410 repeats most of it) is not sent again
                if (!digest.equals(member.get("last_state"))) {
                    commands.sendAndWait(state);
                    jdbc.update("UPDATE sync_member SET last_state = ? WHERE member_id = ?", digest, memberId);
                    sent++;
                }
                if (Boolean.TRUE.equals(member.get("pending_invitation")) && !change.removed()
                        && accepted(tenantId, change)) {
                    commands.sendAndWait(new RecordInvitationAccepted(memberId, accountId));
                }
            } catch (DirectoryException e) {
                log.warn("Could not read the invitation state of member {}: {}", memberId, e.reason());
            } catch (RuntimeException e) {
                log.warn("Could not record the directory state of member {}", memberId, e);
            }
        }
        return sent;
    }

    /** What the change says about the member's object; for a guest, its username stays its email address. */
    static RecordDirectoryState state(String memberId, String accountId, DirectoryChange change) {
        if (change.removed()) {
            return new RecordDirectoryState(memberId, accountId, null, null, null, null, null, null, null, null, null,
                    true);
        }
        return switch (change.type()) {
            case USER -> new RecordDirectoryState(memberId, accountId, change.displayName(), change.givenName(),
                    change.surname(), change.externalUserState() == null ? change.userPrincipalName() : null, null,
                    null, null, null, change.accountEnabled(), false);
            case GROUP -> new RecordDirectoryState(memberId, accountId, change.displayName(), null, null, null, null,
                    null, null, null, null, false);
            case APPLICATION -> new RecordDirectoryState(memberId, accountId, change.displayName(), null, null, null,
                    change.replyUrl(), change.appIdUri(), null, change.keys() == null ? null : change.keys().stream()
                    .map(key -> new DirectoryKey(key.keyId(), key.hint(), key.createdAt(), key.expiresAt())).toList(),
                    null, false);
        };
    }

    static String digest(RecordDirectoryState state) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(state.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Graph's externalUserState, read on its own where the delta answer left it out. */
    private boolean accepted(String tenantId, DirectoryChange change) {
        String state = change.externalUserState() != null ? change.externalUserState()
                : directory.externalUserState(tenantId, change.id());
        return "Accepted".equalsIgnoreCase(state);
    }

    static String resource(MemberType type) {
        return switch (type) {
            case USER -> "users";
            case GROUP -> "groups";
            case APPLICATION -> "applications";
        };
    }
}
