package io.gatehouse.platform.eventstore;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tracking processor reading events it has no handler for: Axon's own processor, event store and token store,
 * with {@link SkippedEventTokens} between the processor and its tokens.
 */
class SkippedEventTokensTest {

    record Handled(int n) {
    }

    record Ignored(int n) {
    }

    static final class OnlyHandled {
        final List<Handled> seen = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Handled event) {
            seen.add(event);
        }
    }

    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final AtomicInteger writes = new AtomicInteger();
    private final InMemoryTokenStore stored = new InMemoryTokenStore() {
        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            writes.incrementAndGet();
            super.storeToken(token, processorName, segment);
        }
    };
    // a clock that stands still: every skip after a write falls within the interval
    private final SkippedEventTokens tokens = new SkippedEventTokens(stored, Duration.ofHours(1),
            Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
    private final OnlyHandled handler = new OnlyHandled();
    private TrackingEventProcessor processor;

    @AfterEach
    void stop() {
        if (processor != null) processor.shutDown();
        events.shutDown();
    }

    @Test
    void aProcessorSkippingEventsStoresItsTokenOnceItIsIdleNotForEveryEvent() throws Exception {
        processor = start();
        publish(new Handled(0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.seen.size() == 1);
        int before = writes.get();

        for (int i = 1; i <= 100; i++) {
            publish(new Ignored(i));
            Thread.sleep(2);   // so that the processor wakes for most of them one by one
        }

        // once it finds nothing new, the processor's token stands past the last event it skipped
        await().atMost(10, TimeUnit.SECONDS).until(() -> position(stored.fetchToken("skipper", 0)) == 100);
        // without holding skips back it is one write each time the processor wakes: most of the 100
        assertThat(writes.get() - before).as("token writes for 100 skipped events").isLessThanOrEqualTo(10);
    }

    @Test
    void aRestartAfterSkippedEventsStartsPastThem() throws Exception {
        processor = start();
        publish(new Handled(0));
        for (int i = 1; i <= 50; i++) {
            publish(new Ignored(i));
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.seen.size() == 1
                && processor.processingStatus().get(0).getCurrentPosition().orElse(-1) == 50);
        processor.shutDown();

        // the token the next start reads: past every skipped event, not at the last handled one
        assertThat(position(stored.fetchToken("skipper", 0))).isEqualTo(50);
        processor = start();
        publish(new Handled(51));
        await().atMost(10, TimeUnit.SECONDS).until(() -> handler.seen.size() == 2);
        assertThat(handler.seen).containsExactly(new Handled(0), new Handled(51));
    }

    private TrackingEventProcessor start() {
        TrackingEventProcessor started = TrackingEventProcessor.builder()
                .name("skipper")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(events)
                .tokenStore(tokens)
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        // idle (and so writing what it held back) after a second without events
                        .andEventAvailabilityTimeout(1, TimeUnit.SECONDS))
                .build();
        started.start();
        return started;
    }

    private void publish(Object payload) {
        events.publish(GenericEventMessage.asEventMessage(payload));
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
