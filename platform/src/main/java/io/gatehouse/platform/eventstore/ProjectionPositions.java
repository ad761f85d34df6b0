package io.gatehouse.platform.eventstore;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

import java.time.Duration;
import java.util.Map;

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
        for (EventTrackerStatus segment : status.values()) {
            if (!reached(segment.getTrackingToken(), position)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a token has seen {@code position}. Not {@link TrackingToken#covers}: that also asks for every
     * older gap to be filled, and a rolled-back transaction leaves a gap that stays open for a minute.
     */
    public static boolean reached(TrackingToken token, long position) {
        TrackingToken lowerBound = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (lowerBound instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return lowerBound != null && lowerBound.position().orElse(-1) >= position;
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

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + name));
    }
}
