package io.gatehouse.query.projections;

import io.gatehouse.platform.eventstore.StoredTokens;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's part in every hand-over, whichever node rebuilds: it watches {@code projection_rebuild}, pauses
 * its live processor when a projection is handing over and says so in the database, and resumes it once the
 * hand-over ended: on the new copy after a switch, on the old one when it failed. A hand-over past its
 * deadline is failed by whichever node sees it first, so a live processor never stays paused.
 */
@Component
public class HandOverWatch {

    private static final Logger log = LoggerFactory.getLogger(HandOverWatch.class);

    /** A live processor paused for a hand-over, with the tokens of the copy readers read meanwhile. */
    record Paused(UUID rebuild, Map<Integer, TrackingToken> tokens) {
    }

    private final RebuildLedger ledger;
    private final ProjectionGenerations generations;
    private final EventProcessingConfiguration processing;
    private final StoredTokens storedTokens;
    private final List<String> projections;
    private final Map<String, Paused> paused = new ConcurrentHashMap<>();

    public HandOverWatch(RebuildLedger ledger, ProjectionGenerations generations,
                         EventProcessingConfiguration processing, StoredTokens storedTokens,
                         List<Projection> projections) {
        this.ledger = ledger;
        this.generations = generations;
        this.processing = processing;
        this.storedTokens = storedTokens;
        this.projections = projections.stream().map(Projection::name).sorted().toList();
    }

    /** While paused: the tokens as they were at the pause, which the copy readers use holds up to. */
    public Optional<Map<Integer, TrackingToken>> paused(String projection) {
        return Optional.ofNullable(paused.get(projection)).map(Paused::tokens);
    }

    @Scheduled(fixedDelayString = "${gatehouse.projections.rebuild-poll-interval:PT1S}")
    public synchronized void poll() {
        ledger.heartbeat();
        for (String projection : projections) {
            try {
                watch(projection);
            } catch (RuntimeException e) {
                log.warn("Could not follow the rebuild of {}; trying again", projection, e);
            }
        }
    }

    private void watch(String projection) {
        RebuildLedger.Rebuild rebuild = ledger.find(projection).orElse(null);
        if (rebuild != null && rebuild.state() == RebuildLedger.State.HANDING_OVER && rebuild.overdue()) {
            if (ledger.failOverdue(rebuild.id())) {
                log.warn("The hand-over of {} passed its deadline; live processors resume on the copy they had",
                        projection);
            }
            rebuild = ledger.find(projection).orElse(null);
        }
        Paused pause = paused.get(projection);
        boolean handingOver = rebuild != null && rebuild.state() == RebuildLedger.State.HANDING_OVER;
        if (pause != null && !(handingOver && pause.rebuild().equals(rebuild.id()))) {
            resume(projection);
        }
        if (handingOver) {
            if (!paused.containsKey(projection)) {
                pause(projection, rebuild.id());
            }
            ledger.acknowledgePause(rebuild.id());
        }
    }

    private void pause(String projection, UUID rebuild) {
        live(projection).shutDown();
        // taken before the tokens move over: the copy readers still use holds at least this much
        paused.put(projection, new Paused(rebuild, storedTokens.of(projection)));
        log.info("Paused projection {} for a hand-over", projection);
    }

    private void resume(String projection) {
        // readers and the processor first learn which copy is live, then the processor writes to it
        generations.refresh();
        live(projection).start();
        paused.remove(projection);
        log.info("Resumed projection {} on schema {}", projection, generations.live(projection));
    }

    private StreamingEventProcessor live(String projection) {
        return processing.eventProcessor(projection, StreamingEventProcessor.class).orElseThrow();
    }

    @PreDestroy
    void leave() {
        try {
            ledger.leave();
        } catch (RuntimeException e) {
            // the node is forgotten once it has not been seen for a few seconds anyway
            log.debug("Could not sign off from the hand-overs", e);
        }
    }
}
