package io.gatehouse.platform.eventstore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;


/**
 * Global positions in the event store, for the {@code Gatehouse-Position} header a write answers with (see
 * {@link CommandReceipts}) and the {@code Gatehouse-Min-Position} a query may wait for.
 */
@Component
public class EventPositions {

    public static final String POSITION_HEADER = "Gatehouse-Position";
    public static final String MIN_POSITION_HEADER = "Gatehouse-Min-Position";

    private final JdbcTemplate jdbc;

    public EventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The position of one stored event. */
    public long positionOfEvent(String eventIdentifier) {
        Long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, eventIdentifier);
        return position == null ? 0 : position;
    }

    /** The position of an aggregate's event at a version: a stored event never moves. */
    public long positionOf(String aggregateId, long version) {
        Long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = ?", Long.class, aggregateId, version);
        return position == null ? 0 : position;
    }

    /** The highest position stored so far. */
    public long head() {
        Long position = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return position == null ? 0 : position;
    }
}
