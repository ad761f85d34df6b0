package io.gatehouse.query.activity;

import io.gatehouse.query.projections.ProjectionGenerations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Purges visits older than 30 days in small batches, each its own short transaction: readers (MVCC) and the
 * projection's inserts are never locked out. Readers also filter on the 30 days, so a visit is gone for them
 * the moment it turns 31 days old, purged or not.
 */
@Component
public class ActivityRetention {

    private static final Logger log = LoggerFactory.getLogger(ActivityRetention.class);
    private static final int BATCH = 5_000;

    private final JdbcTemplate jdbc;
    private final ProjectionGenerations generations;

    public ActivityRetention(JdbcTemplate jdbc, ProjectionGenerations generations) {
        this.jdbc = jdbc;
        this.generations = generations;
    }

    /** {@link ActivityRetentionJob} runs this once per cluster. */
    public void purge() {
        purgeOlderThan(Instant.now().minus(ActivityProjection.RETENTION));
    }

    /** Deletes visits older than {@code cutoff}; answers how many. */
    public long purgeOlderThan(Instant cutoff) {
        String table = generations.live(ActivityProjection.NAME) + ".page_visit";
        long purged = 0;
        int deleted;
        do {
            deleted = jdbc.update("DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                    + " WHERE visited_at < ? LIMIT " + BATCH + "))", Timestamp.from(cutoff));
            purged += deleted;
        } while (deleted == BATCH);
        if (purged > 0) {
            log.info("Purged {} page visits older than 30 days", purged);
        }
        return purged;
    }
}
