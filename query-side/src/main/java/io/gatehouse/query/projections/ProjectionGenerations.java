package io.gatehouse.query.projections;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which copy (schema) of each projection's tables readers use. */
@Component
public class ProjectionGenerations {

    public static final String FIRST = "public";
    public static final String SECOND = "projection_b";
    public static final java.util.List<String> COPIES = java.util.List.of(FIRST, SECOND);

    private final JdbcTemplate jdbc;
    private final Map<String, String> live = new ConcurrentHashMap<>();

    public ProjectionGenerations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String live(String projection) {
        return live.computeIfAbsent(projection, name -> jdbc.queryForList(
                        "SELECT live_schema FROM projection_generation WHERE projection_name = ?", String.class, name)
                .stream().findFirst().orElse(FIRST));
    }

    public String other(String projection) {
        return FIRST.equals(live(projection)) ? SECOND : FIRST;
    }

    /** A schema supplier that always answers the live copy, even after a switch. */
    public Projection.Schema liveSchema(String projection) {
        return () -> live(projection);
    }

    /** Another query-side instance may have switched a copy: every instance reads the switch within seconds. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    public void refresh() {
        jdbc.query("SELECT projection_name, live_schema FROM projection_generation",
                rs -> {
                    live.put(rs.getString(1), rs.getString(2));
                });
    }

    /**
     * Makes {@code schema} the live copy, in the database and, once the switch is committed, for every reader in
     * this process: a switch rolled back with the hand-over must not have sent readers to the other copy.
     */
    void switchTo(String projection, String schema) {
        jdbc.update("INSERT INTO projection_generation (projection_name, live_schema) VALUES (?, ?) "
                + "ON CONFLICT (projection_name) DO UPDATE SET live_schema = EXCLUDED.live_schema", projection, schema);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    live.put(projection, schema);
                }
            });
        } else {
            live.put(projection, schema);
        }
    }
}
