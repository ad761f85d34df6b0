package io.gatehouse.sync.saga;

import io.gatehouse.membership.MembershipEvent;
import io.gatehouse.platform.deadletters.DeadLetterQueues;
import io.gatehouse.platform.deadletters.DeadLetters;
import io.gatehouse.platform.deadletters.HandlingFailure;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The directory-sync saga's processor with a dead-letter queue, which Axon does not offer for sagas: the saga
 * manager is wrapped as one event handler of Axon's dead-lettering invoker, sequenced by member, so that an
 * event the saga fails on waits with that member's later events while every other member's pushes go on.
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
                                 ObjectProvider<DeadLetters> deadLetters, PlatformTransactionManager transactions) {
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
                    return TrackingEventProcessor.builder()
                            .name(name)
                            .eventHandlerInvoker(invoker)
                            .rollbackConfiguration(processors.rollbackConfiguration(name))
                            .errorHandler(processors.errorHandler(name))
                            .messageMonitor(processors.messageMonitor(TrackingEventProcessor.class, name))
                            .messageSource(config.eventStore())
                            .tokenStore(processors.tokenStore(name))
                            .transactionManager(transactionManager)
                            // one event per transaction: a saga's pushes reach the directory, which a rollback cannot undo
                            .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                                    .forSingleThreadedProcessing().andBatchSize(1))
                            .spanFactory(config.getComponent(EventProcessorSpanFactory.class))
                            .build();
                });
    }

    /**
     * The saga manager as one event handler (the processor has one segment), each event within a savepoint: a
     * failed statement must not break the transaction the event is dead-lettered in.
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
