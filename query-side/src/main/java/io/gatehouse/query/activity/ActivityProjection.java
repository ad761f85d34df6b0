package io.gatehouse.query.activity;

import io.gatehouse.activity.PagesVisited;
import io.gatehouse.privacy.PersonErased;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The 30-day activity history: each visitor's page visits, and its last activity for the Users list. Visits
 * older than 30 days are not kept (a replay skips them; {@link ActivityRetention} purges the rest).
 */
@ProcessingGroup(ActivityProjection.NAME)
public class ActivityProjection {

    public static final String NAME = "activity";
    public static final List<String> TABLES = List.of("page_visit", "visitor_last_activity");
    public static final Duration RETENTION = Duration.ofDays(30);

    private final JdbcTemplate jdbc;
    private final Projection.Schema schema;

    public ActivityProjection(JdbcTemplate jdbc, Projection.Schema schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    /** A person was erased: its visits and last activity are forgotten, in both copies. */
    @EventHandler
    void on(PersonErased event) {
        for (String copy : ProjectionGenerations.COPIES) {
            jdbc.update("DELETE FROM " + copy + ".page_visit WHERE visitor_oid = ?", event.directoryObjectId());
            jdbc.update("DELETE FROM " + copy + ".visitor_last_activity WHERE visitor_oid = ?",
                    event.directoryObjectId());
        }
    }

    @EventHandler
    void on(PagesVisited event, EventMessage<?> message) {
        Instant oldestKept = Instant.now().minus(RETENTION);
        List<Object[]> rows = new ArrayList<>();
        Instant latest = null;
        for (int i = 0; i < event.visits().size(); i++) {
            PagesVisited.Visit visit = event.visits().get(i);
            if (latest == null || visit.visitedAt().isAfter(latest)) {
                latest = visit.visitedAt();
            }
            if (visit.visitedAt().isAfter(oldestKept)) {
                rows.add(new Object[]{message.getIdentifier(), i, event.accountId(), event.tenantId(),
                        event.visitorObjectId(), visit.url(), Timestamp.from(visit.visitedAt())});
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + schema.table("page_visit") + " (event_id, item, account_id, tenant_id, "
                    + "visitor_oid, url, visited_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows);
        }
        if (latest != null) {
            jdbc.update("INSERT INTO " + schema.table("visitor_last_activity") + " AS v (account_id, tenant_id, "
                    + "visitor_oid, last_visit_at) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, visitor_oid, tenant_id) "
                    + "DO UPDATE SET last_visit_at = greatest(v.last_visit_at, EXCLUDED.last_visit_at)",
                    event.accountId(), event.tenantId(), event.visitorObjectId(), Timestamp.from(latest));
        }
    }
}
