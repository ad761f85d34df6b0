package io.gatehouse.axonbaseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.baselineweb.ChangeAccessRequest;
import io.gatehouse.axonbaseline.Messages.ChangeAccess;
import io.gatehouse.axonbaseline.Messages.RegisterMember;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The framework baseline of issue 14: Gatehouse's {@code PUT /api/v1/accounts/{accountId}/members/{memberId}/access}
 * as the least an Axon Framework 4 application on Gatehouse's stack does for it. The web part is the stack
 * baseline's (the token, then {@link ChangeAccessRequest}: roles, one authorization read of Gatehouse's lookups); then
 * the command goes through Axon's command gateway to an event-sourced {@link Member} (Axon's JDBC event store,
 * Jackson, a cache of members behind Axon's cache interface, a snapshot every 200 events), and one tracking
 * projection ({@link MemberAccessProjection}) writes the member's roles. It answers the member's version as ETag;
 * not the event's position (Axon's store does not return it: Gatehouse has its own insert for that). Its tables
 * are in schema {@code gatehouse_bench_axon}, so Gatehouse's own store is not touched.
 */
@SpringBootApplication
@RestController
public class AxonBaseline {

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final EventProcessingConfiguration processing;
    private final EventStore events;

    public AxonBaseline(JdbcTemplate jdbc, CommandGateway commands, EventProcessingConfiguration processing,
                        EventStore events) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.processing = processing;
        this.events = events;
        createTables(jdbc);
    }

    public static void main(String[] args) {
        SpringApplication.run(AxonBaseline.class, args);
    }

    /** Axon's own PostgreSQL tables (its table factories), before the processors start with the context. */
    private static void createTables(JdbcTemplate jdbc) {
        jdbc.execute("CREATE SCHEMA IF NOT EXISTS gatehouse_bench_axon");
        Boolean exists = jdbc.queryForObject(
                "SELECT to_regclass('gatehouse_bench_axon.domainevententry') IS NOT NULL", Boolean.class);
        if (Boolean.TRUE.equals(exists)) return;
        jdbc.execute((ConnectionCallback<Void>) c -> {
            EventSchema schema = EventSchema.builder().build();
            PostgresEventTableFactory.INSTANCE.createDomainEventTable(c, schema).execute();
            PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(c, schema).execute();
            PostgresTokenTableFactory.INSTANCE.createTable(c, TokenSchema.builder().build()).execute();
            return null;
        });
        jdbc.execute("CREATE TABLE member_access (member_id varchar(64) PRIMARY KEY, account_id varchar(64) "
                + "NOT NULL, roles text NOT NULL, version bigint NOT NULL)");
    }

    @Bean
    Cache memberCache() {
        return new MemberCache(10_000);
    }

    /** As Gatehouse's members: a snapshot every 200 events, so a member the cache lost is not read from its start. */
    @Bean
    SnapshotTriggerDefinition memberSnapshots(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 200);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return ChangeAccessRequest.securityChain(http);
    }

    @PutMapping("/api/v1/accounts/{accountId}/members/{memberId}/access")
    public ResponseEntity<Map<String, Object>> changeAccess(@PathVariable String accountId,
                                                            @PathVariable String memberId,
                                                            @AuthenticationPrincipal Jwt token,
                                                            @RequestBody JsonNode body) {
        ChangeAccessRequest request = ChangeAccessRequest.authorized(jdbc, accountId, memberId, token, body);
        List<String> names = request.roles();
        String oid = request.callerOid();

        // the command: answered after Axon's unit of work committed the event
        ChangeAccess change = new ChangeAccess(memberId, accountId, names, oid);
        Object version;
        try {
            version = commands.sendAndWait(change);
        } catch (AggregateNotFoundException e) {
            // Gatehouse's member, new to this store (the warm-up meets each member first)
            try {
                commands.sendAndWait(new RegisterMember(memberId, accountId));
            } catch (RuntimeException registeredMeanwhile) {
                // another request registered it: the change below goes to that stream
            }
            version = commands.sendAndWait(change);
        }

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("memberId", memberId);
        answer.put("access", Map.of("roles", names));
        return ResponseEntity.ok().eTag("\"" + version + "\"").body(answer);
    }

    /** For the load generator: the projection's position and the store's head, to wait until it caught up. */
    @GetMapping("/bench/projection")
    public Map<String, Long> projection() {
        TrackingEventProcessor processor = processing
                .eventProcessor(MemberAccessProjection.NAME, TrackingEventProcessor.class).orElseThrow();
        long position = processor.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(-1)).min().orElse(-1);
        TrackingToken head = events.createHeadToken();
        return Map.of("position", position, "headPosition", head == null ? -1 : head.position().orElse(-1));
    }
}
