package io.gatehouse.sync.saga;

import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.platform.deadletters.DeadLetterQueues;
import io.gatehouse.platform.deadletters.DeadLetters;
import io.gatehouse.platform.deadletters.HandlingFailure;
import io.gatehouse.platform.eventstore.ProcessorClaims;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The directory-sync saga's processor with a dead-letter queue, which Axon does not offer for sagas: the saga
 * manager is wrapped as one event handler of Axon's dead-lettering invoker, sequenced by member, so that an
 * event the saga fails on waits with that member's later events while every other member's pushes go on.
 * The same policy splits members over the processor's segments: one member's events stay in order on one
 * segment, while other segments push other members (other tenants) at the same time.
 * A push the directory refused or throttled is not a failure here: the saga records or retries it itself.
 */
public final class SagaDeadLetters {

    public static final String PROCESSING_GROUP = "DirectorySyncSagaProcessor";

    /** One member's events in order; the saga is one per member. */
    static final SequencingPolicy<EventMessage<?>> PER_MEMBER = event ->
            event.getPayload() instanceof MembershipEvent membership ? membership.memberId() : event.getIdentifier();

    private SagaDeadLetters() {
    }

    public static void configure(EventProcessingConfigurer processing, DeadLetterQueues queues,
                                 ObjectProvider<DeadLetters> deadLetters, PlatformTransactionManager transactions,
                                 ProcessorClaims claims, int segments) {
        // the saga's failures must reach the dead-lettering invoker, not be logged and skipped
        processing.registerListenerInvocationErrorHandler(PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
                .registerEventProcessor(PROCESSING_GROUP, (name, config, sagaManager) -> {
                    EventProcessingConfiguration processors = config.eventProcessingConfiguration();
                    TransactionManager transactionManager = processors.transactionManager(name);
                    SequencedDeadLetterQueue<EventMessage<?>> queue = queues.queue(name, transactionManager);
                    DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
                            .eventHandlers(new SagaHandling(sagaManager, transactions))
                            .sequencingPolicy(PER_MEMBER)
                            .queue(queue)
                            .enqueuePolicy(queues.policy())
                            .transactionManager(transactionManager)
                            .enableSequenceIdentifierCache()
                            .build();
                    deadLetters.getObject().attach(name, queue, invoker);
                    ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(
                            new AxonThreadFactory("Coordinator[" + name + "]"));
                    ScheduledExecutorService workers = Executors.newScheduledThreadPool(segments,
                            new AxonThreadFactory("WorkPackage[" + name + "]"));
                    // the processor stops in an earlier phase; its threads are ours to end
                    config.onShutdown(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS, () -> {
                        coordinator.shutdown();
                        workers.shutdown();
                    });
                    return processor(name, invoker, segments, claims, coordinator, workers)
                            .rollbackConfiguration(processors.rollbackConfiguration(name))
                            .errorHandler(processors.errorHandler(name))
                            .messageMonitor(processors.messageMonitor(PooledStreamingEventProcessor.class, name))
                            .messageSource(config.eventStore())
                            .tokenStore(processors.tokenStore(name))
                            .transactionManager(transactionManager)
                            .spanFactory(config.getComponent(EventProcessorSpanFactory.class))
                            .build();
                });
    }

    /**
     * Members on several segments, each segment on a worker of its own: a tenant whose directory is slow holds up
     * only the members that share its segment.
     */
    static PooledStreamingEventProcessor.Builder processor(String name, EventHandlerInvoker invoker, int segments,
                                                           ProcessorClaims claims, ScheduledExecutorService coordinator,
                                                           ScheduledExecutorService workers) {
        return claims.pooled(PooledStreamingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(invoker)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(segments)
                // from the first event, as the tracking processor it replaced did (not as a replay)
                .initialToken(StreamableMessageSource::createTailToken)
                // one event per transaction: a saga's pushes reach the directory, which a rollback cannot undo
                .batchSize(1));
    }

    /**
     * The saga manager as one event handler, each event within a savepoint: a failed statement must not break the
     * transaction the event is dead-lettered in. The invoker hands it only its segment's members (the saga is one
     * per member), so the saga manager itself looks at every saga of the event's member.
     */
    static final class SagaHandling implements EventMessageHandler {

        private final EventHandlerInvoker sagaManager;
        private final TransactionTemplate savepoint;

        SagaHandling(EventHandlerInvoker sagaManager, PlatformTransactionManager transactions) {
            this.sagaManager = sagaManager;
            this.savepoint = new TransactionTemplate(transactions);
            this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        }

        @Override
        public Object handle(EventMessage<?> event) {
            try {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    sagaManager.handle(event, Segment.ROOT_SEGMENT);
                    return null;
                }
                return savepoint.execute(status -> {
                    try {
                        sagaManager.handle(event, Segment.ROOT_SEGMENT);
                        return null;
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (Exception e) {
                HandlingFailure failure = HandlingFailure.of(
                        e instanceof IllegalStateException && e.getCause() instanceof Exception cause ? cause : e);
                if (failure.isTransient() && CurrentUnitOfWork.isStarted()) {
                    // the database, not the event: roll back, letter and all, and let the processor try again
                    CurrentUnitOfWork.get().root().onPrepareCommit(u -> {
                        throw failure;
                    });
                }
                throw failure;
            }
        }

        @Override
        public boolean canHandle(EventMessage<?> event) {
            return sagaManager.canHandle(event, Segment.ROOT_SEGMENT);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return sagaManager.canHandleType(payloadType);
        }

        @Override
        public Class<?> getTargetType() {
            return DirectorySyncSaga.class;
        }
    }
}
