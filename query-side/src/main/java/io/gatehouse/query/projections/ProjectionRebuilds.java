package io.gatehouse.query.projections;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.deadletters.DeadLetterQueues;
import io.gatehouse.platform.deadletters.DeadLetters;
import io.gatehouse.platform.eventstore.EventPositions;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Rebuilds a projection from the event store while the service keeps answering from the live copy: a second
 * processor replays every event into the other copy of the tables; once it has caught up, every query node
 * pauses its live processor, the rebuild takes the last events, the tokens move over and readers switch in
 * one step. There is no moment where a reader sees an empty or half-built list.
 * <p>
 * Any query node may start a rebuild; its state lives in {@code projection_rebuild} ({@link RebuildLedger}),
 * claimed by the node that replays it with a lease. When that node dies, another query node (or the same one
 * restarted) takes the replay over from the rebuild's tokens. The hand-over has a deadline: nodes that did not
 * pause by then, or a rebuild node that died, fail the rebuild, and the live processors resume on the old copy
 * ({@link HandOverWatch}).
 * <p>
 * An event the rebuild cannot handle is dead-lettered in the rebuild's own group ({@code <name>-rebuild}), so a
 * poison event does not stall it either. At the switch those letters replace the live group's: they are what
 * the new live copy lacks, and the old copy's letters no longer matter to any reader.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration RENEW_INTERVAL = Duration.ofSeconds(1);

    /** A replay this node runs. */
    private record Replay(RebuildLedger.Rebuild rebuild, PooledStreamingEventProcessor processor) {

        UUID id() {
            return rebuild.id();
        }
    }

    /** The rebuild is no longer this node's: its lease ran out and another node may have taken it over. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }

    private final Map<String, Projection> projections;
    private final ProjectionGenerations generations;
    private final RebuildLedger ledger;
    private final HandOverWatch handOvers;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final EventPositions positions;
    private final DeadLetterQueues deadLetterQueues;
    private final DeadLetters deadLetters;
    private final PlatformTransactionManager platformTransactions;
    private final int batchSize;
    private final Duration handOverTimeout;
    private final Map<String, Replay> running = new ConcurrentHashMap<>();

    public ProjectionRebuilds(List<Projection> projections, ProjectionGenerations generations, RebuildLedger ledger,
                              HandOverWatch handOvers, EventStore eventStore, TokenStore tokenStore,
                              TransactionManager transactionManager, TransactionTemplate transactions, JdbcTemplate jdbc,
                              EventPositions positions, DeadLetterQueues deadLetterQueues, DeadLetters deadLetters,
                              PlatformTransactionManager platformTransactions,
                              @Value("${gatehouse.projections.rebuild-batch-size:1000}") int batchSize,
                              @Value("${gatehouse.projections.handover-timeout:PT30S}") Duration handOverTimeout) {
        this.projections = projections.stream().collect(java.util.stream.Collectors.toMap(Projection::name, p -> p));
        this.generations = generations;
        this.ledger = ledger;
        this.handOvers = handOvers;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.positions = positions;
        this.deadLetterQueues = deadLetterQueues;
        this.deadLetters = deadLetters;
        this.platformTransactions = platformTransactions;
        this.batchSize = batchSize;
        this.handOverTimeout = handOverTimeout;
    }

    public List<String> names() {
        return projections.keySet().stream().sorted().toList();
    }

    /** The projection's latest rebuild, on whichever node it runs or ran. */
    public Optional<RebuildLedger.Rebuild> latest(String projection) {
        return ledger.find(projection);
    }

    /**
     * Starts rebuilding on this node; answers at once. While a rebuild of the projection runs on any node and
     * its owner holds its lease, another is a 409.
     */
    public synchronized RebuildLedger.Rebuild start(String name) {
        Projection projection = projections.get(name);
        if (projection == null) {
            throw Rejection.notFound("No projection named " + name + "; there are " + names() + ".");
        }
        if (running.containsKey(name)) {
            throw Rejection.conflict("rebuild-running", "A rebuild of " + name + " is already running.");
        }
        // another node may have switched the copy a moment ago
        generations.refresh();
        String target = generations.other(name);
        RebuildLedger.Rebuild rebuild = ledger.claimNew(name, target, positions.head()).orElseThrow(() ->
                Rejection.conflict("rebuild-running", "A rebuild of " + name + " is already running"
                        + ledger.find(name).map(r -> " on " + r.owner() + " (" + r.state() + ")").orElse("") + "."));
        String rebuildName = rebuildName(name);
        transactions.executeWithoutResult(tx -> {
            for (String table : projection.tables()) {
                jdbc.execute("TRUNCATE " + target + "." + table);
            }
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", rebuildName);
            jdbc.update("DELETE FROM " + DeadLetterQueues.TABLE + " WHERE processing_group = ?", rebuildName);
        });
        log.info("Rebuilding projection {} into schema {}: {} events to replay", name, target, rebuild.headAtStart());
        run(projection, rebuild);
        return rebuild;
    }

    /** Takes over the replays of nodes that stopped renewing their lease; they go on from their tokens. */
    @Scheduled(fixedDelayString = "${gatehouse.projections.rebuild-poll-interval:PT1S}", initialDelayString = "PT2S")
    public synchronized void resumeAbandoned() {
        for (Projection projection : projections.values()) {
            if (running.containsKey(projection.name())) {
                continue;
            }
            try {
                ledger.claimAbandoned(projection.name()).ifPresent(rebuild -> {
                    log.info("Taking over the rebuild of {} into schema {} from a node that stopped",
                            projection.name(), rebuild.targetSchema());
                    run(projection, rebuild);
                });
            } catch (RuntimeException e) {
                log.warn("Could not look for an abandoned rebuild of {}", projection.name(), e);
            }
        }
    }

    private void run(Projection projection, RebuildLedger.Rebuild rebuild) {
        String rebuildName = rebuildName(projection.name());
        String target = rebuild.targetSchema();
        SequencedDeadLetterQueue<EventMessage<?>> queue = deadLetterQueues.queue(rebuildName, transactionManager);
        DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(new DeadLetterGuard(rebuildName,
                        new AnnotationEventHandlerAdapter(projection.handlers().apply(() -> target)), platformTransactions))
                .sequencingPolicy(projection.sequencing())
                .queue(queue)
                .enqueuePolicy(deadLetterQueues.policy())
                .transactionManager(transactionManager)
                .enableSequenceIdentifierCache()
                .build();
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(r -> thread(r, rebuildName + "-coordinator"));
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(projection.segments(), r -> thread(r, rebuildName + "-worker"));
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(rebuildName)
                .eventHandlerInvoker(invoker)
                .messageSource(eventStore)
                .tokenStore(tokenStore)
                .transactionManager(new AsyncCommits(transactionManager, jdbc))
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(projection.segments())
                .maxClaimedSegments(projection.segments())
                .batchSize(batchSize)
                .initialToken(source -> source.createTailToken())
                .build();
        Replay replay = new Replay(rebuild, processor);
        running.put(projection.name(), replay);
        deadLetters.attach(rebuildName, queue, invoker);
        try {
            processor.start();
        } catch (RuntimeException e) {
            // not started: free what was taken, or this node would refuse every later rebuild (409)
            deadLetters.detach(rebuildName);
            coordinator.shutdown();
            workers.shutdown();
            running.remove(projection.name());
            throw e;
        }
        thread(() -> {
            try {
                supervise(projection, replay);
            } finally {
                deadLetters.detach(rebuildName);
                coordinator.shutdown();
                workers.shutdown();
                running.remove(projection.name());
            }
        }, rebuildName + "-supervisor").start();
    }

    private void supervise(Projection projection, Replay replay) {
        String name = projection.name();
        PooledStreamingEventProcessor processor = replay.processor();
        try {
            if (!ledger.catchingUp(replay.id())) {
                throw new LeaseLost();
            }
            // catch up while the live copy keeps serving
            Instant nextLog = Instant.now().plus(PROGRESS_LOG_INTERVAL);
            Instant nextRenew = Instant.now();
            while (lowestPosition(processor) < positions.head() - catchUpSlack(replay)) {
                sleep(200);
                if (Instant.now().isAfter(nextRenew)) {
                    renew(replay);
                    nextRenew = Instant.now().plus(RENEW_INTERVAL);
                }
                if (Instant.now().isAfter(nextLog)) {
                    logProgress(replay);
                    nextLog = Instant.now().plus(PROGRESS_LOG_INTERVAL);
                }
            }
            // hand over: every node pauses its live processor, this one at once
            if (!ledger.handOver(replay.id(), handOverTimeout)) {
                throw new LeaseLost();
            }
            handOvers.poll();
            List<String> waiting;
            while (!(waiting = ledger.notPaused(replay.id())).isEmpty()) {
                stillHandingOver(replay, "nodes " + waiting + " did not pause their live processor in time");
                sleep(100);
            }
            // the last events: every segment, also one that is retrying a failed batch and so not claimed
            long head = positions.head();
            while (processor.processingStatus().size() < projection.segments() || lowestPosition(processor) < head) {
                stillHandingOver(replay, "the rebuild did not take the last events in time");
                sleep(20);
            }
            processor.shutDown();
            String rebuildName = processor.getName();
            boolean switched = Boolean.TRUE.equals(transactions.execute(tx -> {
                if (!ledger.done(replay.id())) {
                    return false;
                }
                jdbc.update("UPDATE token_entry live SET token = rebuilt.token, token_type = rebuilt.token_type, "
                        + "owner = NULL, timestamp = rebuilt.timestamp FROM token_entry rebuilt "
                        + "WHERE live.processor_name = ? AND rebuilt.processor_name = ? AND live.segment = rebuilt.segment",
                        name, rebuildName);
                jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", rebuildName);
                jdbc.update("DELETE FROM " + DeadLetterQueues.TABLE + " WHERE processing_group = ?", name);
                jdbc.update("UPDATE " + DeadLetterQueues.TABLE + " SET processing_group = ? WHERE processing_group = ?",
                        name, rebuildName);
                generations.switchTo(name, replay.rebuild().targetSchema());
                return true;
            }));
            if (!switched) {
                throw new IllegalStateException("the hand-over passed its deadline before the switch");
            }
            ledger.forgetPauses(replay.id());
            handOvers.poll();
            log.info("Rebuilt projection {} in {} s: readers now use schema {}", name,
                    Duration.between(replay.rebuild().startedAt(), Instant.now()).toSeconds(),
                    replay.rebuild().targetSchema());
        } catch (LeaseLost e) {
            // the rebuild and its tokens stay for the node that takes it over
            log.warn("Rebuild of projection {} is no longer this node's; stopping its replay here", name);
            processor.shutDown();
        } catch (RuntimeException e) {
            log.error("Rebuild of projection {} failed; readers keep the copy they had", name, e);
            processor.shutDown();
            ledger.fail(replay.id(), String.valueOf(e.getMessage()));
            ledger.forgetPauses(replay.id());
            jdbc.update("DELETE FROM " + DeadLetterQueues.TABLE + " WHERE processing_group = ?", processor.getName());
            handOvers.poll();
        }
    }

    private void renew(Replay replay) {
        if (!ledger.renew(replay.id(), lowestPosition(replay.processor()))) {
            throw new LeaseLost();
        }
    }

    /** Fails the hand-over once its deadline passed, or if another node failed it meanwhile. */
    private void stillHandingOver(Replay replay, String otherwise) {
        RebuildLedger.Rebuild now = ledger.find(replay.rebuild().projection()).orElseThrow();
        if (!now.id().equals(replay.id()) || now.state() != RebuildLedger.State.HANDING_OVER || now.overdue()) {
            throw new IllegalStateException(otherwise);
        }
        renew(replay);
    }

    /**
     * How close to the head counts as caught up before the live processors are paused for the hand-over: a
     * batch, or less for a small event store, so that the replay itself is never left for the hand-over.
     */
    private long catchUpSlack(Replay replay) {
        return Math.min(batchSize, replay.rebuild().headAtStart() / 10);
    }

    private void logProgress(Replay replay) {
        RebuildLedger.Rebuild rebuild = replay.rebuild();
        long position = lowestPosition(replay.processor());
        log.info("Rebuilding projection {}: {}% ({} of {} events) after {} s", rebuild.projection(),
                Math.round(Math.min(1.0, position / (double) Math.max(1, rebuild.headAtStart())) * 100), position,
                rebuild.headAtStart(), Duration.between(rebuild.startedAt(), Instant.now()).toSeconds());
    }

    private static String rebuildName(String projection) {
        return projection + "-rebuild";
    }

    static long lowestPosition(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return 0;
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            lowest = Math.min(lowest, token == null ? 0 : token.position().orElse(0));
        }
        return lowest;
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
