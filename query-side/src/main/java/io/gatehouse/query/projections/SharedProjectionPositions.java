package io.gatehouse.query.projections;

import io.gatehouse.platform.eventstore.StoredTokens;
import io.gatehouse.platform.eventstore.ProjectionPositions;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How far a projection has read when several query nodes share its segments: a node answers from its own
 * processor when it holds every segment, else from the tokens the nodes committed. While the node's live
 * processor is paused for a hand-over it answers from the tokens at the pause, as its readers may still read
 * the old copy after the tokens moved to the new one.
 */
public class SharedProjectionPositions extends ProjectionPositions {

    private final EventProcessingConfiguration processing;
    private final StoredTokens storedTokens;
    private final HandOverWatch handOvers;
    private final Map<String, Integer> segments;

    public SharedProjectionPositions(EventProcessingConfiguration processing, StoredTokens storedTokens,
                                     HandOverWatch handOvers, List<Projection> projections) {
        super(processing);
        this.processing = processing;
        this.storedTokens = storedTokens;
        this.handOvers = handOvers;
        this.segments = projections.stream().collect(Collectors.toMap(Projection::name, Projection::segments));
    }

    @Override
    public boolean hasProcessed(String processorName, long position) {
        if (position <= 0 || !segments.containsKey(processorName)) {
            return super.hasProcessed(processorName, position);
        }
        return StoredTokens.reached(tokens(processorName), position);
    }

    /** The lowest position the projection has processed, over all its segments. */
    public long position(String processorName) {
        return StoredTokens.lowest(tokens(processorName));
    }

    private List<TrackingToken> tokens(String processorName) {
        Optional<Map<Integer, TrackingToken>> paused = handOvers.paused(processorName);
        if (paused.isPresent()) {
            return new ArrayList<>(paused.get().values());
        }
        Map<Integer, EventTrackerStatus> local = processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .orElseThrow().processingStatus();
        if (local.size() >= segments.get(processorName)) {
            List<TrackingToken> tokens = new ArrayList<>();
            local.values().forEach(status -> tokens.add(status.getTrackingToken()));
            return tokens;
        }
        return new ArrayList<>(storedTokens.of(processorName).values());
    }
}
