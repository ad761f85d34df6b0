package io.gatehouse.query.projections;

import io.gatehouse.platform.deadletters.HandlingFailure;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a projection's failure the failing event's, so that Axon's dead-letter queue parks that event and
 * nothing else. In PostgreSQL a failed statement breaks the whole transaction, and a projection's writes go
 * out as JDBC batches at commit ({@link SqlBatch}), where no event is to blame. So events are handled together
 * as long as the batch succeeds; when it fails, it is rolled back and its events, handled again, go one by
 * one, each within a savepoint with its writes sent at once: the one that fails is dead-lettered and the rest
 * commit. Letters being retried are always handled one by one.
 */
public final class DeadLetterGuard implements EventMessageHandler {

    /** Events of failed batches seen here and not yet handled again; more means another instance took them. */
    private static final int MAX_SUSPECTS = 100_000;

    private final String processingGroup;
    private final EventMessageHandler handlers;
    private final TransactionTemplate savepoint;
    private final String resource = DeadLetterGuard.class.getName() + "@" + System.identityHashCode(this);
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();

    public DeadLetterGuard(String processingGroup, EventMessageHandler handlers, PlatformTransactionManager transactions) {
        this.processingGroup = processingGroup;
        this.handlers = handlers;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public String processingGroup() {
        return processingGroup;
    }

    @Override
    public Object handle(EventMessage<?> event) throws Exception {
        UnitOfWork<?> root = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root() : null;
        if (!(root instanceof BatchingUnitOfWork<?>)) {
            return alone(event, null);
        }
        Batch batch = batch(root);
        batch.handled.add(event.getIdentifier());
        return suspects.remove(event.getIdentifier()) ? alone(event, batch) : together(event, batch);
    }

    private Object together(EventMessage<?> event, Batch batch) throws Exception {
        try {
            return handlers.handle(event);
        } catch (Exception e) {
            HandlingFailure failure = HandlingFailure.of(e);
            batch.failed = failure;
            throw failure;
        }
    }

    private Object alone(EventMessage<?> event, Batch batch) {
        // the writes of the events before this one must not go with this one's savepoint
        SqlBatch.flush();
        try {
            return savepoint.execute(status -> {
                try {
                    Object result = handlers.handle(event);
                    SqlBatch.flush();
                    return result;
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CheckedFailure(e);
                }
            });
        } catch (RuntimeException e) {
            SqlBatch.discard();
            HandlingFailure failure = HandlingFailure.of(e instanceof CheckedFailure checked ? checked.getCause() : e);
            if (failure.isTransient() && batch != null) {
                // the database, not the event: try the batch again rather than park a good event
                batch.failed = failure;
            }
            throw failure;
        }
    }

    private Batch batch(UnitOfWork<?> root) {
        return root.getOrComputeResource(resource, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(u -> {
                if (batch.failed != null) {
                    throw new IllegalStateException("An event of a " + processingGroup + " batch failed ("
                            + batch.failed.getMessage() + "); the batch is handled again, event by event");
                }
            });
            root.onRollback(u -> {
                if (suspects.size() > MAX_SUSPECTS) {
                    suspects.clear();
                }
                suspects.addAll(batch.handled);
            });
            return batch;
        });
    }

    /** The events a batch handled, and the failure that makes it roll back. */
    private static final class Batch {
        final List<String> handled = new ArrayList<>();
        HandlingFailure failed;
    }

    private static final class CheckedFailure extends RuntimeException {
        CheckedFailure(Exception cause) {
            super(cause);
        }
    }

    @Override
    public boolean canHandle(EventMessage<?> event) {
        return handlers.canHandle(event);
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return handlers.canHandleType(payloadType);
    }

    @Override
    public Class<?> getTargetType() {
        return handlers.getTargetType();
    }

    @Override
    public void prepareReset() {
        handlers.prepareReset();
    }

    @Override
    public <R> void prepareReset(R resetContext) {
        handlers.prepareReset(resetContext);
    }

    @Override
    public boolean supportsReset() {
        return handlers.supportsReset();
    }
}
