package io.gatehouse.query.projections;

import io.gatehouse.platform.deadletters.HandlingFailure;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Projection writes, sent to PostgreSQL as JDBC batches: within one batch of events (one unit of work),
 * consecutive runs of the same statement go out together when the statement changes, every 500 rows, and
 * before the batch commits. Order is kept, so a handler's writes apply exactly as if sent one by one.
 * Outside a unit of work a write goes out at once. A failed write is told without the values it carried
 * ({@link HandlingFailure}): the driver quotes a failed batch entry with its parameters.
 */
public final class SqlBatch {

    private static final int MAX_ROWS = 500;
    private static final String RESOURCE = SqlBatch.class.getName();

    private final JdbcTemplate jdbc;
    private String sql;
    private final List<Object[]> rows = new ArrayList<>();
    private final java.util.Map<String, Object> caches = new java.util.HashMap<>();

    private SqlBatch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static void update(JdbcTemplate jdbc, String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        current(jdbc).add(sql, args);
    }

    private static SqlBatch current(JdbcTemplate jdbc) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(RESOURCE, key -> {
            SqlBatch created = new SqlBatch(jdbc);
            unitOfWork.onPrepareCommit(u -> created.send());
            return created;
        });
    }

    /**
     * What a projection keeps beside its pending writes (what it has folded so far), dropped with them when they are
     * discarded. Outside a unit of work, a new one each time.
     */
    @SuppressWarnings("unchecked")
    public static <T> T cache(JdbcTemplate jdbc, String name, java.util.function.Supplier<T> value) {
        if (!CurrentUnitOfWork.isStarted()) {
            return value.get();
        }
        return (T) current(jdbc).caches.computeIfAbsent(name, key -> value.get());
    }

    /** Sends the current unit of work's pending writes now, so that a failure is the current event's. */
    public static void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            SqlBatch batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (batch != null) {
                batch.send();
            }
        }
    }

    /** Drops the current unit of work's pending writes: those of an event whose handling failed. */
    public static void discard() {
        if (CurrentUnitOfWork.isStarted()) {
            SqlBatch batch = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (batch != null) {
                batch.rows.clear();
                batch.caches.clear();
            }
        }
    }

    private void add(String statement, Object[] args) {
        if (!statement.equals(sql)) {
            send();
            sql = statement;
        }
        rows.add(args);
        if (rows.size() >= MAX_ROWS) {
            send();
        }
    }

    private void send() {
        if (rows.isEmpty()) {
            return;
        }
        try {
            if (rows.size() == 1) {
                jdbc.update(sql, rows.get(0));
            } else {
                jdbc.batchUpdate(sql, rows);
            }
        } catch (RuntimeException e) {
            throw HandlingFailure.of(e);
        } finally {
            rows.clear();
        }
    }
}
