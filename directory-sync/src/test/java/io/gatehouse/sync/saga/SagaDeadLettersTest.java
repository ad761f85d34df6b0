package io.gatehouse.sync.saga;

import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.messaging.Actor;
import io.gatehouse.platform.deadletters.DeadLetterPolicy;
import io.gatehouse.platform.deadletters.HandlingFailure;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The saga behind Axon's dead-lettering invoker: a member's failed event waits with its later ones. */
class SagaDeadLettersTest {

    private final List<String> handled = new ArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final InMemorySequencedDeadLetterQueue<EventMessage<?>> queue = InMemorySequencedDeadLetterQueue.defaultQueue();

    /** Stands in for the saga manager: fails for the members in {@link #failing}. */
    private final EventHandlerInvoker sagaManager = new EventHandlerInvoker() {
        @Override
        public boolean canHandle(EventMessage<?> event, Segment segment) {
            return true;
        }

        @Override
        public void handle(EventMessage<?> event, Segment segment) {
            DirectorySyncRetried retried = (DirectorySyncRetried) event.getPayload();
            if (retried.memberId().equals("unreachable")) {
                throw new TransientDataAccessResourceException("connection refused");
            }
            if (failing.contains(retried.memberId())) {
                throw new IllegalArgumentException("refused " + retried.credentialsId());
            }
            handled.add(retried.credentialsId());
        }
    };

    private final DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
            .eventHandlers(new SagaDeadLetters.SagaHandling(sagaManager, new DataSourceTransactionManager()))
            .sequencingPolicy(SagaDeadLetters.PER_MEMBER)
            .queue(queue)
            .enqueuePolicy(new DeadLetterPolicy())
            .transactionManager(NoTransactionManager.instance())
            .build();

    @Test
    void aMembersFailedEventWaitsWithItsLaterEventsAndOtherMembersGoOn() throws Exception {
        failing.add("ada");

        handle("ada", "ada-1");
        handle("bob", "bob-1");
        handle("ada", "ada-2");

        assertThat(handled).containsExactly("bob-1");
        assertThat(queue.sequenceSize("ada")).isEqualTo(2);
        var head = queue.deadLetterSequence("ada").iterator().next();
        assertThat(head.cause().orElseThrow().type()).isEqualTo(IllegalArgumentException.class.getName());
        // the message tells where it failed, not what the event carried
        assertThat(head.cause().orElseThrow().message()).doesNotContain("ada-1");

        failing.clear();
        assertThat(invoker.processAny()).isTrue();

        assertThat(handled).containsExactly("bob-1", "ada-1", "ada-2");
        assertThat(queue.contains("ada")).isFalse();
    }

    @Test
    void aTransientFailureRollsTheEventBackForTheProcessorToTryAgainRatherThanParkingIt() throws Exception {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));

        handle("unreachable", "c-1");

        assertThatThrownBy(unitOfWork::commit).isInstanceOf(HandlingFailure.class);
        assertThat(unitOfWork.isRolledBack()).isTrue();
    }

    private void handle(String memberId, String credentialsId) throws Exception {
        invoker.handle(GenericEventMessage.asEventMessage(new DirectorySyncRetried("account", memberId,
                DirectoryOperation.values()[0], credentialsId, Actor.DIRECTORY_SYNC)), Segment.ROOT_SEGMENT);
    }
}
