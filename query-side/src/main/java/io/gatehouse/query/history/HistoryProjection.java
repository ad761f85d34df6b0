package io.gatehouse.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.account.AccountEvent;
import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.GatehouseSerializer;
import io.gatehouse.messaging.Vocabulary;
import io.gatehouse.messaging.privacy.PersonalDataProtection;
import io.gatehouse.messaging.privacy.PersonalFields;
import io.gatehouse.privacy.PersonErased;
import io.gatehouse.query.projections.Projection;
import io.gatehouse.query.projections.ProjectionGenerations;
import io.gatehouse.query.projections.SqlBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;

/**
 * The audit history: every account and membership event, in event store order, with who caused it, when,
 * the member it concerns and what changed (the event's own fields). Keyed by the event's global position, so
 * handling an event twice changes nothing.
 */
@ProcessingGroup(HistoryProjection.NAME)
public class HistoryProjection {

    public static final String NAME = "audit-history";
    public static final List<String> TABLES = List.of("history_entry");

    private static final ObjectMapper JSON = GatehouseSerializer.objectMapper();

    private final JdbcTemplate jdbc;
    private final Projection.Schema schema;

    public HistoryProjection(JdbcTemplate jdbc, Projection.Schema schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    @EventHandler
    void on(AccountEvent event, EventMessage<?> message, @Timestamp Instant at) {
        record(message, event.accountId(), null, event, event.actor(), at);
    }

    @EventHandler
    void on(MembershipEvent event, EventMessage<?> message, @Timestamp Instant at) {
        record(message, event.accountId(), event.memberId(), event, event.actor(), at);
    }

    /**
     * A person was erased: what its members' entries copied of its personal data, and its name where it acted,
     * read as the events now do, in both copies (the one left at the last rebuild too). Which fields are personal
     * comes from the events' {@code @PersonalData}.
     */
    @EventHandler
    void on(PersonErased event) {
        for (String copy : ProjectionGenerations.COPIES) {
            SqlBatch.update(jdbc, "UPDATE " + copy + ".history_entry h SET details = coalesce((SELECT "
                            + "jsonb_object_agg(key, CASE WHEN key = ANY (?) AND value <> 'null'::jsonb THEN "
                            + "to_jsonb(?::text) ELSE value END) FROM jsonb_each(h.details)), '{}'::jsonb) "
                            + "WHERE member_id = ANY (?)",
                    PersonalFields.ofEvents().toArray(String[]::new), PersonalDataProtection.ERASED,
                    event.memberIds().toArray(String[]::new));
            SqlBatch.update(jdbc, "UPDATE " + copy + ".history_entry SET actor_name = ? WHERE actor_oid = ? "
                    + "AND actor_name IS NOT NULL", PersonalDataProtection.ERASED, event.directoryObjectId());
        }
    }

    /**
     * Keyed by the event's own global index. Not the tracking token's position: for an event that fills a gap
     * (a transaction that committed late) the token says the highest index seen so far, not this event's. Looked up
     * inside the batched insert itself, by the event's identifier (unique index), not in a round trip of its own.
     */
    private void record(EventMessage<?> message, String accountId, String memberId, Object event, Actor actor,
                        Instant at) {
        SqlBatch.update(jdbc, "INSERT INTO " + schema.table("history_entry") + " (position, account_id, member_id, type, "
                        + "occurred_at, actor_oid, actor_name, details) SELECT e.global_index, ?, ?, ?, ?, ?, ?, ?::jsonb "
                        + "FROM domain_event_entry e WHERE e.event_identifier = ? ON CONFLICT (position) DO NOTHING",
                accountId, memberId, typeOf(event), java.sql.Timestamp.from(at), actor == null ? null : actor.oid(),
                actor == null ? null : actor.name(), details(event), message.getIdentifier());
    }

    static String typeOf(Object event) {
        return Vocabulary.nameOf(event.getClass()).orElse(event.getClass().getSimpleName());
    }

    /** What changed: the event's fields, less those the history entry already shows. */
    static String details(Object event) {
        ObjectNode fields = JSON.valueToTree(event);
        fields.remove(List.of("accountId", "memberId", "actor"));
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
