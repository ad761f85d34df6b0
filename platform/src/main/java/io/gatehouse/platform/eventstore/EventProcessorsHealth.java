package io.gatehouse.platform.eventstore;

import io.gatehouse.platform.deadletters.DeadLetters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health of the event processors: each streaming processor must be running and not in error. Dead letters
 * show in the details but leave the service UP: they hold back one account's events, not the processor, and
 * a restart or a load balancer taking the instance out would not fix them; the gauge
 * {@code gatehouse.dead_letters} is what to alert on.
 */
@Component("eventProcessors")
public class EventProcessorsHealth extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final DeadLetters deadLetters;

    public EventProcessorsHealth(EventProcessingConfiguration processing, DeadLetters deadLetters) {
        this.processing = processing;
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Long> letters = deadLetters.counts();
        boolean healthy = true;
        for (var entry : processing.eventProcessors().entrySet()) {
            Map<String, Object> processor = new LinkedHashMap<>();
            if (entry.getValue() instanceof StreamingEventProcessor streaming) {
                healthy &= streaming.isRunning() && !streaming.isError();
                processor.put("running", streaming.isRunning());
                processor.put("error", streaming.isError());
                processor.put("segments", streaming.processingStatus().size());
            } else {
                processor.put("running", true);
                processor.put("mode", "subscribing");
            }
            if (letters.containsKey(entry.getKey())) {
                processor.put("deadLetters", letters.get(entry.getKey()));
            }
            details.put(entry.getKey(), processor);
        }
        (healthy ? builder.up() : builder.down()).withDetails(details);
    }
}
