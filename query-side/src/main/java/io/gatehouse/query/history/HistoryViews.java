package io.gatehouse.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads of the audit history. */
@Component
public class HistoryViews {

    /** One entry of an account's history. */
    public record Entry(long position, Instant timestamp, String type, String actorOid, String actorName,
                        String memberId, JsonNode details) {
    }

    public record Filter(Instant from, Instant to, String memberId) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STREAM_FETCH_SIZE = 1_000;

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final Projection.Schema live;

    public HistoryViews(JdbcTemplate jdbc, TransactionTemplate transactions, ProjectionGenerations generations) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        // PostgreSQL streams a result through a cursor only inside a transaction and with a fetch size
        this.streaming.setFetchSize(STREAM_FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.live = generations.liveSchema(HistoryProjection.NAME);
    }

    private static final RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getLong("position"),
            rs.getTimestamp("occurred_at").toInstant(), rs.getString("type"), rs.getString("actor_oid"),
            rs.getString("actor_name"), rs.getString("member_id"), json(rs.getString("details")));

    public List<Entry> page(String accountId, Filter filter, int page, int size) {
        List<Object> args = new ArrayList<>();
        String where = where(accountId, filter, args);
        args.add(size);
        args.add((long) page * size);
        return jdbc.query("SELECT * FROM " + live.table("history_entry") + where
                + " ORDER BY position LIMIT ? OFFSET ?", ENTRY, args.toArray());
    }

    public long count(String accountId, Filter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(accountId, filter, args);
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + live.table("history_entry") + where, Long.class,
                args.toArray());
        return count == null ? 0 : count;
    }

    /** An entry as stored, its details still the JSON text they are kept as: for streaming them out as they are. */
    public record RawEntry(long position, Instant timestamp, String type, String actorOid, String actorName,
                           String memberId, String detailsJson) {
    }

    private static final RowMapper<RawEntry> RAW_ENTRY = (rs, i) -> new RawEntry(rs.getLong("position"),
            rs.getTimestamp("occurred_at").toInstant(), rs.getString("type"), rs.getString("actor_oid"),
            rs.getString("actor_name"), rs.getString("member_id"), rs.getString("details"));

    /** Every matching entry in order, from a database cursor: memory does not grow with the history. */
    public void stream(String accountId, Filter filter, Consumer<RawEntry> each) {
        List<Object> args = new ArrayList<>();
        String where = where(accountId, filter, args);
        readOnly.executeWithoutResult(tx -> {
            try (Stream<RawEntry> entries = streaming.queryForStream("SELECT * FROM " + live.table("history_entry")
                    + where + " ORDER BY position", RAW_ENTRY, args.toArray())) {
                entries.forEach(each);
            }
        });
    }

    /** Positions of the account's events up to an instant, in order: an index into the event store. */
    public List<Long> positionsUpTo(String accountId, Instant asOf) {
        return jdbc.queryForList("SELECT position FROM " + live.table("history_entry")
                + " WHERE account_id = ? AND occurred_at <= ? ORDER BY position", Long.class, accountId,
                Timestamp.from(asOf));
    }

    private static String where(String accountId, Filter filter, List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE account_id = ?");
        args.add(accountId);
        if (filter.from() != null) {
            where.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND occurred_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        if (filter.memberId() != null) {
            where.append(" AND member_id = ?");
            args.add(filter.memberId());
        }
        return where.toString();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
