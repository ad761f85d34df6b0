package io.gatehouse.query.projections;

import io.gatehouse.platform.deadletters.DeadLetters;
import io.gatehouse.platform.eventstore.EventPositions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Where each projection stands against the head of the event store, its latest rebuild, and how many of its
 * events wait in its dead-letter queue; also exported as Micrometer gauges. The same on every query node.
 */
@Component
public class ProjectionStatus {

    /** @param rebuild the projection's latest rebuild, on whichever node it runs or ran; null if none */
    public record State(String name, long position, long headPosition, long lag, boolean replaying, double progress,
                        String liveSchema, long deadLetters, RebuildLedger.Rebuild rebuild) {
    }

    private final ProjectionRebuilds rebuilds;
    private final EventProcessingConfiguration processing;
    private final EventPositions positions;
    private final ProjectionGenerations generations;
    private final DeadLetters deadLetters;
    private final SharedProjectionPositions projectionPositions;

    public ProjectionStatus(ProjectionRebuilds rebuilds, EventProcessingConfiguration processing,
                            EventPositions positions, ProjectionGenerations generations, DeadLetters deadLetters,
                            SharedProjectionPositions projectionPositions, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.projectionPositions = projectionPositions;
        this.rebuilds = rebuilds;
        this.processing = processing;
        this.positions = positions;
        this.generations = generations;
        for (String name : rebuilds.names()) {
            Gauge.builder("gatehouse.projection.position", () -> of(name).position()).tag("projection", name)
                    .description("Last event store position the projection has processed").register(meters);
            Gauge.builder("gatehouse.projection.lag", () -> of(name).lag()).tag("projection", name)
                    .description("Events stored but not yet processed by the projection").register(meters);
            Gauge.builder("gatehouse.projection.rebuild.progress", () -> of(name).progress()).tag("projection", name)
                    .description("Progress of a running rebuild, 1 when none runs").register(meters);
        }
    }

    public List<State> all() {
        return rebuilds.names().stream().map(this::of).toList();
    }

    public State of(String name) {
        long head = positions.head();
        StreamingEventProcessor live = processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        long position = projectionPositions.position(name);
        RebuildLedger.Rebuild rebuild = rebuilds.latest(name).orElse(null);
        boolean rebuilding = rebuild != null && rebuild.state().active();
        return new State(name, position, head, Math.max(0, head - position), rebuilding || live.isReplaying(),
                rebuild == null ? 1.0 : rebuild.progress(), generations.live(name), deadLetters.count(name), rebuild);
    }
}
