package io.gatehouse.sync.reconcile;

import io.gatehouse.directory.ApplicationDetails;
import io.gatehouse.directory.Directory;
import io.gatehouse.directory.DirectoryException;
import io.gatehouse.membership.GroupRef;
import io.gatehouse.membership.MemberType;
import io.gatehouse.membership.MembershipCommands.DirectoryKey;
import io.gatehouse.membership.MembershipCommands.RecordDirectoryState;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Completes existing objects once they are added: an application's Reply URL, App ID URI and keys (ids and dates),
 * a user's groups among the account's group members (read again whenever a delta round says the user joined or left
 * a group). What the directory holds goes to the member as
 * {@link RecordDirectoryState}; the member records what it did not know, attributed to the directory. A member whose
 * read failed stays to read on the next run.
 */
@Component
public class DirectoryReadBack {

    private static final Logger log = LoggerFactory.getLogger(DirectoryReadBack.class);
    private static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    private final Directory directory;
    private final CommandGateway commands;

    public DirectoryReadBack(JdbcTemplate jdbc, Directory directory, CommandGateway commands) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.commands = commands;
    }

    /** Reads every member still to read; answers how many were read. */
    public int readAddedObjects() {
        int read = 0;
        List<Map<String, Object>> pending = jdbc.queryForList("SELECT member_id, account_id, tenant_id, member_type, "
                + "directory_object_id FROM sync_member WHERE needs_read AND directory_object_id IS NOT NULL "
                + "ORDER BY member_id LIMIT " + BATCH);
        for (Map<String, Object> member : pending) {
            String memberId = (String) member.get("member_id");
            try {
                Optional<RecordDirectoryState> state = stateOf((String) member.get("account_id"), memberId,
                        (String) member.get("tenant_id"), MemberType.valueOf((String) member.get("member_type")),
                        (String) member.get("directory_object_id"));
                state.ifPresent(commands::sendAndWait);
                jdbc.update("UPDATE sync_member SET needs_read = FALSE WHERE member_id = ?", memberId);
                read++;
            } catch (DirectoryException e) {
                log.warn("Could not read back the directory object of member {}: {} {}", memberId, e.reason(),
                        e.code());
                if (e.reason() == DirectoryException.Reason.THROTTLED) {
                    break;
                }
            } catch (RuntimeException e) {
                log.warn("Could not record the directory state of member {}", memberId, e);
            }
        }
        return read;
    }

    private Optional<RecordDirectoryState> stateOf(String accountId, String memberId, String tenantId, MemberType type,
                                                   String objectId) {
        return switch (type) {
            case APPLICATION -> directory.application(tenantId, objectId).map(details ->
                    application(accountId, memberId, details));
            case USER -> Optional.of(new RecordDirectoryState(memberId, accountId, null, null, null, null, null, null,
                    groupsAmongMembers(accountId, tenantId, directory.groupsOf(tenantId, objectId)), null, null,
                    false));
            case GROUP -> Optional.empty();
        };
    }

    static RecordDirectoryState application(String accountId, String memberId, ApplicationDetails details) {
        return new RecordDirectoryState(memberId, accountId, details.application().displayName(), null, null, null,
                details.application().replyUrl(), details.application().appIdUri(), null,
                details.keys().stream().map(key -> new DirectoryKey(key.keyId(), key.hint(), key.createdAt(),
                        key.expiresAt())).toList(), null, false);
    }

    /** The account's group members whose directory objects are among {@code groupObjectIds}. */
    List<GroupRef> groupsAmongMembers(String accountId, String tenantId, List<String> groupObjectIds) {
        return jdbc.query("SELECT member_id, directory_object_id FROM sync_member WHERE account_id = ? "
                        + "AND tenant_id = ? AND member_type = 'GROUP' AND directory_object_id = ANY (?) "
                        + "ORDER BY member_id", (rs, i) -> new GroupRef(rs.getString(1), rs.getString(2)),
                accountId, tenantId, groupObjectIds.toArray(String[]::new));
    }
}
