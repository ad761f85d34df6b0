package io.gatehouse.platform.eventstore;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;

/** How far each projection has read the event store, and waiting for it to reach a position. */
public class ProjectionPositions {

    private final EventProcessingConfiguration processing;

    public ProjectionPositions(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** True once every segment of the processor has handled everything up to and including {@code position}. */
    public boolean hasProcessed(String processorName, long position) {
        if (position <= 0) {
            return true;
        }
        StreamingEventProcessor processor = processor(processorName);
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return false;
        }
        TrackingToken target = GapAwareTrackingToken.newInstance(position, Collections.emptySortedSet());
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            if (token == null || !token.covers(target)) {
                return false;
            }
        }
        return true;
    }

    /** Waits up to {@code timeout} for the projection to reach {@code position}; false if it did not. */
    public boolean awaitProcessed(String processorName, long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (!hasProcessed(processorName, position)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 20);
        }
        return true;
    }

    /** The lowest position all segments have reached, if every segment has a token. */
    public OptionalLong position(String processorName) {
        long lowest = Long.MAX_VALUE;
        Map<Integer, EventTrackerStatus> status = processor(processorName).processingStatus();
        if (status.isEmpty()) {
            return OptionalLong.empty();
        }
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            if (token == null) {
                return OptionalLong.empty();
            }
            lowest = Math.min(lowest, token.position().orElse(0));
        }
        return OptionalLong.of(lowest);
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + name));
    }
}
