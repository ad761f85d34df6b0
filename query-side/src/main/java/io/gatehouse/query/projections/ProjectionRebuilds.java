package io.gatehouse.query.projections;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.platform.deadletters.DeadLetterQueues;
import io.gatehouse.platform.deadletters.DeadLetters;
import io.gatehouse.platform.eventstore.EventPositions;
import io.gatehouse.platform.eventstore.ProjectionPositions;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
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
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Rebuilds a projection from the event store while the service keeps answering from the live copy: a second
 * processor replays every event into the other copy of the tables; once it has caught up, the live processor
 * pauses, the rebuild takes the last events, the tokens move over and readers switch in one step. There is
 * no moment where a reader sees an empty or half-built list.
 * <p>
 * An event the rebuild cannot handle is dead-lettered in the rebuild's own group ({@code <name>-rebuild}), so a
 * poison event does not stall it either. At the switch those letters replace the live group's: they are what
 * the new live copy lacks, and the old copy's letters no longer matter to any reader.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);

    /** A rebuild under way, for the status endpoint. */
    public record Rebuild(String projection, String targetSchema, Instant startedAt, long headAtStart,
                          StreamingEventProcessor processor) {
    }

    private final Map<String, Projection> projections;
    private final ProjectionGenerations generations;
    private final EventProcessingConfiguration processing;
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
    private final Map<String, Rebuild> running = new ConcurrentHashMap<>();

    public ProjectionRebuilds(List<Projection> projections, ProjectionGenerations generations,
                              EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokenStore,
                              TransactionManager transactionManager, TransactionTemplate transactions, JdbcTemplate jdbc,
                              EventPositions positions, DeadLetterQueues deadLetterQueues, DeadLetters deadLetters,
                              PlatformTransactionManager platformTransactions,
                              @Value("${gatehouse.projections.rebuild-batch-size:1000}") int batchSize) {
        this.projections = projections.stream().collect(java.util.stream.Collectors.toMap(Projection::name, p -> p));
        this.generations = generations;
        this.processing = processing;
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
    }

    public List<String> names() {
        return projections.keySet().stream().sorted().toList();
    }

    public Optional<Rebuild> running(String projection) {
        return Optional.ofNullable(running.get(projection));
    }

    /** Starts rebuilding; answers at once. A second rebuild of the same projection while one runs is a 409. */
    public synchronized Rebuild start(String name) {
        Projection projection = projections.get(name);
        if (projection == null) {
            throw Rejection.notFound("No projection named " + name + "; there are " + names() + ".");
        }
        if (running.containsKey(name)) {
            throw Rejection.conflict("rebuild-running", "A rebuild of " + name + " is already running.");
        }
        String target = generations.other(name);
        String rebuildName = name + "-rebuild";
        transactions.executeWithoutResult(tx -> {
            for (String table : projection.tables()) {
                jdbc.execute("TRUNCATE " + target + "." + table);
            }
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", rebuildName);
            jdbc.update("DELETE FROM " + DeadLetterQueues.TABLE + " WHERE processing_group = ?", rebuildName);
        });
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
                .transactionManager(transactionManager)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(projection.segments())
                .maxClaimedSegments(projection.segments())
                .batchSize(batchSize)
                .initialToken(source -> source.createTailToken())
                .build();
        Rebuild rebuild = new Rebuild(name, target, Instant.now(), positions.head(), processor);
        running.put(name, rebuild);
        deadLetters.attach(rebuildName, queue, invoker);
        log.info("Rebuilding projection {} into schema {}: {} events to replay", name, target, rebuild.headAtStart());
        processor.start();
        thread(() -> supervise(projection, rebuild, coordinator, workers), rebuildName + "-supervisor").start();
        return rebuild;
    }

    /** Rebuild progress from 0 to 1: how far the rebuild processor has read towards the head at its start. */
    public double progress(Rebuild rebuild) {
        long head = Math.max(1, rebuild.headAtStart());
        return Math.min(1.0, lowestPosition(rebuild.processor()) / (double) head);
    }

    private void supervise(Projection projection, Rebuild rebuild, ScheduledExecutorService coordinator,
                           ScheduledExecutorService workers) {
        String name = projection.name();
        StreamingEventProcessor live = processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
        Instant nextLog = Instant.now().plus(PROGRESS_LOG_INTERVAL);
        try {
            // catch up while the live copy keeps serving
            while (lowestPosition(rebuild.processor()) < positions.head() - catchUpSlack()) {
                sleep(200);
                if (Instant.now().isAfter(nextLog)) {
                    logProgress(rebuild);
                    nextLog = Instant.now().plus(PROGRESS_LOG_INTERVAL);
                }
                if (rebuild.processor().isError()) {
                    log.warn("Rebuild of {} is retrying after an error", name);
                }
            }
            // hand over: pause the live processor, let the rebuild take the last events, switch
            live.shutDown();
            long head = positions.head();
            // every segment, also one that is retrying a failed batch and so not claimed at the moment
            while (rebuild.processor().processingStatus().size() < projection.segments()
                    || lowestPosition(rebuild.processor()) < head) {
                sleep(20);
            }
            rebuild.processor().shutDown();
            String rebuildName = rebuild.processor().getName();
            transactions.executeWithoutResult(tx -> {
                jdbc.update("UPDATE token_entry live SET token = rebuilt.token, token_type = rebuilt.token_type, "
                        + "owner = NULL, timestamp = rebuilt.timestamp FROM token_entry rebuilt "
                        + "WHERE live.processor_name = ? AND rebuilt.processor_name = ? AND live.segment = rebuilt.segment",
                        name, rebuildName);
                jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", rebuildName);
                jdbc.update("DELETE FROM " + DeadLetterQueues.TABLE + " WHERE processing_group = ?", name);
                jdbc.update("UPDATE " + DeadLetterQueues.TABLE + " SET processing_group = ? WHERE processing_group = ?",
                        name, rebuildName);
                generations.switchTo(name, rebuild.targetSchema());
            });
            live.start();
            log.info("Rebuilt projection {} in {} s: readers now use schema {}", name,
                    Duration.between(rebuild.startedAt(), Instant.now()).toSeconds(), rebuild.targetSchema());
        } catch (RuntimeException e) {
            log.error("Rebuild of projection {} failed; readers keep the copy they had", name, e);
            rebuild.processor().shutDown();
            if (!live.isRunning()) {
                live.start();
            }
            jdbc.update("DELETE FROM " + DeadLetterQueues.TABLE + " WHERE processing_group = ?",
                    rebuild.processor().getName());
        } finally {
            deadLetters.detach(rebuild.processor().getName());
            coordinator.shutdown();
            workers.shutdown();
            running.remove(name);
        }
    }

    /** How close to the head counts as caught up before the live processor is paused for the hand-over. */
    private long catchUpSlack() {
        return batchSize;
    }

    private void logProgress(Rebuild rebuild) {
        log.info("Rebuilding projection {}: {}% ({} of {} events) after {} s", rebuild.projection(),
                Math.round(progress(rebuild) * 100), lowestPosition(rebuild.processor()), rebuild.headAtStart(),
                Duration.between(rebuild.startedAt(), Instant.now()).toSeconds());
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
