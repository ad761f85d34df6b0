package io.gatehouse.platform.eventstore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;

/**
 * Global positions in the event store, for the {@code Gatehouse-Position} header a write answers with and
 * the {@code Gatehouse-Min-Position} a query may wait for.
 */
@Component
public class EventPositions {

    public static final String POSITION_HEADER = "Gatehouse-Position";
    public static final String MIN_POSITION_HEADER = "Gatehouse-Min-Position";

    private final JdbcTemplate jdbc;

    public EventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The position of the last event stored for these aggregates. Read after the write committed, so it is at
     * least the position of the write's own last event (a later write to the same aggregates only raises it).
     */
    public long lastPositionOf(Collection<String> aggregateIds) {
        Long position = jdbc.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ANY (?)",
                Long.class, (Object) aggregateIds.toArray(String[]::new));
        return position == null ? 0 : position;
    }

    /** The position of one stored event. */
    public long positionOfEvent(String eventIdentifier) {
        Long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, eventIdentifier);
        return position == null ? 0 : position;
    }

    /** An aggregate's version: the sequence number of its last event, its ETag. */
    public long versionOf(String aggregateId) {
        Long version = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", Long.class, aggregateId);
        return version == null ? 0 : version;
    }

    /** The highest position stored so far. */
    public long head() {
        Long position = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return position == null ? 0 : position;
    }
}
