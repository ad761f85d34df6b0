package io.gatehouse.query.projections;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rebuilds as every query node sees them: table {@code projection_rebuild} (one row per projection, its
 * latest rebuild), the nodes alive ({@code projection_node}) and their pauses at a hand-over
 * ({@code projection_pause}). Leases and deadlines are compared with the database's clock.
 */
@Component
public class RebuildLedger {

    public enum State {
        STARTED, CATCHING_UP, HANDING_OVER, DONE, FAILED;

        public boolean active() {
            return this != DONE && this != FAILED;
        }
    }

    /** A projection's latest rebuild; {@code overdue} once its hand-over deadline has passed. */
    public record Rebuild(String projection, UUID id, String targetSchema, State state, String owner,
                          boolean leaseExpired, long headAtStart, long position, Instant startedAt,
                          boolean overdue, String failure) {

        public double progress() {
            return state.active() ? Math.min(1.0, position / (double) Math.max(1, headAtStart)) : 1.0;
        }
    }

    private static final String COLUMNS = "projection_name, rebuild_id, target_schema, state, owner, "
            + "lease_until < now() AS lease_expired, head_at_start, position, started_at, "
            + "COALESCE(handover_deadline < now(), false) AS overdue, failure";
    private static final RowMapper<Rebuild> ROW = (rs, i) -> new Rebuild(rs.getString(1),
            rs.getObject(2, UUID.class), rs.getString(3), State.valueOf(rs.getString(4)), rs.getString(5),
            rs.getBoolean(6), rs.getLong(7), rs.getLong(8), rs.getTimestamp(9).toInstant(), rs.getBoolean(10),
            rs.getString(11));

    private final JdbcTemplate jdbc;
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final Duration lease;
    private final Duration nodeTimeout;

    public RebuildLedger(JdbcTemplate jdbc,
                         @Value("${gatehouse.projections.rebuild-lease:PT10S}") Duration lease,
                         @Value("${gatehouse.projections.node-timeout:PT5S}") Duration nodeTimeout) {
        this.jdbc = jdbc;
        this.lease = lease;
        this.nodeTimeout = nodeTimeout;
    }

    /** This process, as it appears as owner and in the pauses. */
    public String node() {
        return node;
    }

    public Optional<Rebuild> find(String projection) {
        return jdbc.query("SELECT " + COLUMNS + " FROM projection_rebuild WHERE projection_name = ?", ROW, projection)
                .stream().findFirst();
    }

    /**
     * Claims a new rebuild for this node, unless one is under way whose owner still holds its lease (or which
     * is handing over: that ends within its deadline). Empty when refused.
     */
    Optional<Rebuild> claimNew(String projection, String targetSchema, long head) {
        UUID id = UUID.randomUUID();
        int claimed = jdbc.update("INSERT INTO projection_rebuild AS r (projection_name, rebuild_id, target_schema, "
                        + "state, owner, lease_until, head_at_start, position, started_at, updated_at) "
                        + "VALUES (?, ?, ?, 'STARTED', ?, now() + ?::interval, ?, 0, now(), now()) "
                        + "ON CONFLICT (projection_name) DO UPDATE SET rebuild_id = EXCLUDED.rebuild_id, "
                        + "target_schema = EXCLUDED.target_schema, state = 'STARTED', owner = EXCLUDED.owner, "
                        + "lease_until = EXCLUDED.lease_until, head_at_start = EXCLUDED.head_at_start, position = 0, "
                        + "started_at = now(), updated_at = now(), handover_deadline = NULL, failure = NULL "
                        + "WHERE r.state IN ('DONE', 'FAILED') "
                        + "OR (r.state IN ('STARTED', 'CATCHING_UP') AND r.lease_until < now())",
                projection, id, targetSchema, node, interval(lease), head);
        return claimed == 1 ? find(projection).filter(r -> r.id().equals(id)) : Optional.empty();
    }

    /** Takes over a replay whose owner stopped renewing its lease; the hand-over is never taken over. */
    Optional<Rebuild> claimAbandoned(String projection) {
        int claimed = jdbc.update("UPDATE projection_rebuild SET owner = ?, lease_until = now() + ?::interval, "
                + "updated_at = now() WHERE projection_name = ? AND state IN ('STARTED', 'CATCHING_UP') "
                + "AND lease_until < now()", node, interval(lease), projection);
        return claimed == 1 ? find(projection).filter(r -> node.equals(r.owner())) : Optional.empty();
    }

    /** Renews this node's lease and records progress; false if the rebuild is no longer this node's. */
    boolean renew(UUID id, long position) {
        return jdbc.update("UPDATE projection_rebuild SET lease_until = now() + ?::interval, position = ?, "
                + "updated_at = now() WHERE rebuild_id = ? AND owner = ? AND state IN ('STARTED', 'CATCHING_UP', "
                + "'HANDING_OVER') AND lease_until >= now()", interval(lease), position, id, node) == 1;
    }

    boolean catchingUp(UUID id) {
        return jdbc.update("UPDATE projection_rebuild SET state = 'CATCHING_UP', updated_at = now() "
                + "WHERE rebuild_id = ? AND owner = ? AND state IN ('STARTED', 'CATCHING_UP')", id, node) == 1;
    }

    /** Asks every node to pause its live processor, to be acknowledged before the deadline. */
    boolean handOver(UUID id, Duration timeout) {
        return jdbc.update("UPDATE projection_rebuild SET state = 'HANDING_OVER', "
                + "handover_deadline = now() + ?::interval, updated_at = now() WHERE rebuild_id = ? AND owner = ? "
                + "AND state = 'CATCHING_UP'", interval(timeout), id, node) == 1;
    }

    /**
     * Marks the hand-over done, in the transaction that moves the tokens and switches the copy; false (and
     * nothing may be switched) once the deadline has passed or the rebuild was failed meanwhile. The row lock
     * orders this against a node failing an overdue hand-over.
     */
    boolean done(UUID id) {
        return jdbc.update("UPDATE projection_rebuild SET state = 'DONE', owner = NULL, updated_at = now(), "
                + "handover_deadline = NULL WHERE rebuild_id = ? AND owner = ? AND state = 'HANDING_OVER' "
                + "AND handover_deadline >= now()", id, node) == 1;
    }

    /** Fails a rebuild that has not ended yet. */
    boolean fail(UUID id, String why) {
        return jdbc.update("UPDATE projection_rebuild SET state = 'FAILED', owner = NULL, updated_at = now(), "
                + "handover_deadline = NULL, failure = ? WHERE rebuild_id = ? AND state NOT IN ('DONE', 'FAILED')",
                why, id) == 1;
    }

    /** Fails a hand-over whose deadline has passed, whoever runs it: the live processors must resume. */
    boolean failOverdue(UUID id) {
        return jdbc.update("UPDATE projection_rebuild SET state = 'FAILED', owner = NULL, updated_at = now(), "
                + "failure = 'the hand-over did not finish before its deadline', handover_deadline = NULL "
                + "WHERE rebuild_id = ? AND state = 'HANDING_OVER' AND handover_deadline < now()", id) == 1;
    }

    /** This node is alive; nodes gone for long are forgotten. */
    void heartbeat() {
        jdbc.update("INSERT INTO projection_node (node_id, seen_at) VALUES (?, now()) "
                + "ON CONFLICT (node_id) DO UPDATE SET seen_at = now()", node);
        jdbc.update("DELETE FROM projection_node WHERE seen_at < now() - interval '1 hour'");
    }

    /** This node is leaving: a hand-over need not wait for it. */
    void leave() {
        jdbc.update("DELETE FROM projection_node WHERE node_id = ?", node);
    }

    void acknowledgePause(UUID id) {
        jdbc.update("INSERT INTO projection_pause (rebuild_id, node_id, paused_at) VALUES (?, ?, now()) "
                + "ON CONFLICT DO NOTHING", id, node);
    }

    /** The nodes alive that have not yet paused for this hand-over. */
    List<String> notPaused(UUID id) {
        return jdbc.queryForList("SELECT n.node_id FROM projection_node n WHERE n.seen_at >= now() - ?::interval "
                + "AND NOT EXISTS (SELECT 1 FROM projection_pause p WHERE p.rebuild_id = ? AND p.node_id = n.node_id) "
                + "ORDER BY n.node_id", String.class, interval(nodeTimeout), id);
    }

    void forgetPauses(UUID id) {
        jdbc.update("DELETE FROM projection_pause WHERE rebuild_id = ?", id);
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
