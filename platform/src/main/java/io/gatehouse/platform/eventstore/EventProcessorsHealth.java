package io.gatehouse.platform.eventstore;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** Health of the event processors: each streaming processor must be running and not in error. */
@Component("eventProcessors")
public class EventProcessorsHealth extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;

    public EventProcessorsHealth(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean healthy = true;
        for (var entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor streaming) {
                boolean ok = streaming.isRunning() && !streaming.isError();
                healthy &= ok;
                details.put(entry.getKey(), Map.of("running", streaming.isRunning(), "error", streaming.isError(),
                        "segments", streaming.processingStatus().size()));
            } else {
                details.put(entry.getKey(), Map.of("running", true, "mode", "subscribing"));
            }
        }
        (healthy ? builder.up() : builder.down()).withDetails(details);
    }
}
