package io.gatehouse.sync.saga;

import io.gatehouse.membership.DirectoryOperation;
import io.gatehouse.membership.DirectorySyncRetried;
import io.gatehouse.messaging.Actor;
import io.gatehouse.platform.deadletters.DeadLetterPolicy;
import io.gatehouse.platform.eventstore.ProcessorClaims;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga's processor as {@link SagaDeadLetters} builds it, on four segments: a member whose tenant's directory
 * hangs holds up only its own segment, and one member's pushes keep their order.
 */
class SagaSegmentsTest {

    private static final int SEGMENTS = 4;
    private static final String SLOW_TENANTS_MEMBER = "member-of-tenant-a";
    /** A member of tenant B whose events fall on another segment than the slow member's. */
    private static final String OTHER_TENANTS_MEMBER = IntStream.range(0, 100).mapToObj(i -> "member-of-tenant-b-" + i)
            .filter(id -> (id.hashCode() & (SEGMENTS - 1)) != (SLOW_TENANTS_MEMBER.hashCode() & (SEGMENTS - 1)))
            .findFirst().orElseThrow();

    private final List<String> pushed = new CopyOnWriteArrayList<>();
    private final CountDownLatch slowDirectoryAnswers = new CountDownLatch(1);
    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(SEGMENTS);
    private PooledStreamingEventProcessor processor;

    /** Stands in for the saga manager: a push to tenant A's directory waits as a Graph call that times out would. */
    private final EventHandlerInvoker sagaManager = new EventHandlerInvoker() {
        @Override
        public boolean canHandle(EventMessage<?> event, Segment segment) {
            return true;
        }

        @Override
        public void handle(EventMessage<?> event, Segment segment) throws Exception {
            DirectorySyncRetried push = (DirectorySyncRetried) event.getPayload();
            if (push.credentialsId().endsWith("-slow")) {
                assertThat(slowDirectoryAnswers.await(30, TimeUnit.SECONDS)).isTrue();
            }
            pushed.add(push.credentialsId());
        }
    };

    @BeforeEach
    void processor() {
        DeadLetteringEventHandlerInvoker invoker = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(new SagaDeadLetters.SagaHandling(sagaManager, new DataSourceTransactionManager()))
                .sequencingPolicy(SagaDeadLetters.PER_MEMBER)
                .queue(InMemorySequencedDeadLetterQueue.defaultQueue())
                .enqueuePolicy(new DeadLetterPolicy())
                .transactionManager(NoTransactionManager.instance())
                .build();
        processor = SagaDeadLetters.processor(SagaDeadLetters.PROCESSING_GROUP, invoker, SEGMENTS,
                        new ProcessorClaims(Duration.ofSeconds(10), Duration.ofMillis(200)), coordinator, workers)
                .messageSource(events)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.instance())
                .build();
        processor.start();
    }

    @AfterEach
    void stop() {
        slowDirectoryAnswers.countDown();
        processor.shutDown();
        coordinator.shutdownNow();
        workers.shutdownNow();
    }

    @Test
    void anotherTenantsPushCompletesWhileOneTenantsDirectoryHangs() {
        push(SLOW_TENANTS_MEMBER, "a-1-slow");
        push(OTHER_TENANTS_MEMBER, "b-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushed.contains("b-1"));
        assertThat(pushed).containsExactly("b-1");

        slowDirectoryAnswers.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> pushed.contains("a-1-slow"));
    }

    @Test
    void oneMembersPushesKeepTheirOrderBehindASlowOne() {
        push(SLOW_TENANTS_MEMBER, "a-1-slow");
        push(SLOW_TENANTS_MEMBER, "a-2");
        push(OTHER_TENANTS_MEMBER, "b-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushed.contains("b-1"));
        assertThat(pushed).doesNotContain("a-2");

        slowDirectoryAnswers.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> pushed.size() == 3);
        assertThat(pushed).containsSubsequence("a-1-slow", "a-2");
    }

    private void push(String memberId, String credentialsId) {
        events.publish(GenericEventMessage.asEventMessage(new DirectorySyncRetried("account-7", memberId,
                DirectoryOperation.RESET_PASSWORD, credentialsId, new Actor("oid-of-maria", "Maria Manager"))));
    }
}
