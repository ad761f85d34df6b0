package io.gatehouse.platform.eventstore;

import io.gatehouse.platform.testing.TestDatabases;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregates kept between commands by Axon's caching repository on Gatehouse's event store (PostgreSQL, the
 * service's migrations): a copy another writer overtook is not decided on.
 */
class AggregateCacheTest {

    public record ValueSet(String id, int value) {
    }

    /** A tiny event-sourced aggregate: a value that changes only when it is set to another one. */
    public static class Dial {
        @AggregateIdentifier
        private String id;
        private int value;

        public Dial() {
        }

        Dial(String id) {
            AggregateLifecycle.apply(new ValueSet(id, 0));
        }

        void set(int newValue) {
            if (newValue != value) {
                AggregateLifecycle.apply(new ValueSet(id, newValue));
            }
        }

        @EventSourcingHandler
        void on(ValueSet event) {
            id = event.id();
            value = event.value();
        }
    }

    private final DriverManagerDataSource dataSource = dataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final EventStoreConfiguration configuration = new EventStoreConfiguration();
    private final AtomicInteger storeReads = new AtomicInteger();
    /** The event store, counting how often a member's events are read from it. */
    private final EmbeddedEventStore events = new EmbeddedEventStore(EmbeddedEventStore.builder()
            .storageEngine(JdbcEventStorageEngine.builder()
                    .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                            new DataSourceConnectionProvider(dataSource)))
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(serializer).snapshotSerializer(serializer)
                    .schema(configuration.eventSchema())
                    .build())) {
        @Override
        public DomainEventStream readEvents(String aggregateIdentifier) {
            storeReads.incrementAndGet();
            return super.readEvents(aggregateIdentifier);
        }
    };

    @AfterEach
    void stop() {
        events.shutDown();
    }

    @Test
    void aMemberCommandedBeforeIsTakenFromMemory() {
        EventSourcingRepository<Dial> node = repository(new AggregateCache(10, jdbc, true));
        String id = create(node);
        set(node, id, 1);
        int readsBefore = storeReads.get();

        assertThat(value(node, id)).isEqualTo(1);
        assertThat(storeReads.get()).as("reads of the member's events").isEqualTo(readsBefore);
    }

    @Test
    void onANodeOfAClusterACopyAnotherNodeOvertookIsReloaded() {
        EventSourcingRepository<Dial> node = repository(new AggregateCache(10, jdbc, true));
        EventSourcingRepository<Dial> otherNode = repository(null);
        String id = create(node);
        set(node, id, 1);                 // this node's copy: value 1 at version 1
        set(otherNode, id, 2);            // the member moved to the other node for a while: value 2 at version 2

        // back here: setting 2 is a change to what already is, so nothing is stored and the version stays 2
        set(node, id, 2);
        assertThat(lastSequence(id)).isEqualTo(2);
        assertThat(value(node, id)).isEqualTo(2);
    }

    @Test
    void aCopyAtWhatTheSenderReadIsUsedWithoutAskingTheStoreAgain() {
        AtomicInteger checks = new AtomicInteger();
        EventSourcingRepository<Dial> node = repository(new AggregateCache(10, counting(checks), true));
        String id = create(node);
        set(node, id, 1);
        int checksBefore = checks.get();
        int readsBefore = storeReads.get();

        // the sender read the member at version 1, as the copy is
        set(node, id, 2, AggregateCache.seen(id, 1L));

        assertThat(checks.get()).as("last sequence number reads").isEqualTo(checksBefore);
        assertThat(storeReads.get()).as("reads of the member's events").isEqualTo(readsBefore);
        assertThat(lastSequence(id)).isEqualTo(2);
    }

    @Test
    void aCopyBehindWhatTheSenderReadIsReloaded() {
        EventSourcingRepository<Dial> node = repository(new AggregateCache(10, jdbc, true));
        EventSourcingRepository<Dial> otherNode = repository(null);
        String id = create(node);
        set(node, id, 1);                 // this node's copy: value 1 at version 1
        set(otherNode, id, 2);            // stored elsewhere: value 2 at version 2

        // the sender read version 2: deciding on the copy would store a second version 2, not a no-op
        set(node, id, 2, AggregateCache.seen(id, 2L));
        assertThat(lastSequence(id)).isEqualTo(2);
        assertThat(value(node, id)).isEqualTo(2);
    }

    @Test
    void aCacheKeepsAtMostItsSize() {
        AggregateCache cache = new AggregateCache(2, jdbc, false);
        EventSourcingRepository<Dial> node = repository(cache);
        create(node);
        create(node);
        create(node);
        assertThat(cache.size()).isEqualTo(2);
    }

    private EventSourcingRepository<Dial> repository(AggregateCache cache) {
        EventSourcingRepository.Builder<Dial> builder = EventSourcingRepository.builder(Dial.class).eventStore(events);
        if (cache != null) builder.cache(cache);
        return builder.build();
    }

    private String create(EventSourcingRepository<Dial> repository) {
        String id = UUID.randomUUID().toString();
        DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> repository.newInstance(() -> new Dial(id)));
        return id;
    }

    private void set(EventSourcingRepository<Dial> repository, String id, int value) {
        set(repository, id, value, java.util.Map.of());
    }

    /** A command whose metadata is {@code metaData}, as a sender adds what it read. */
    private void set(EventSourcingRepository<Dial> repository, String id, int value, java.util.Map<String, ?> metaData) {
        DefaultUnitOfWork.startAndGet(org.axonframework.commandhandling.GenericCommandMessage
                .asCommandMessage(new ValueSet(id, value)).andMetaData(metaData)).executeWithResult(() -> {
            repository.load(id).execute(dial -> dial.set(value));
            return null;
        });
    }

    private int value(EventSourcingRepository<Dial> repository, String id) {
        int[] value = new int[1];
        DefaultUnitOfWork.startAndGet(null).executeWithResult(() -> {
            repository.load(id).execute(dial -> value[0] = dial.value);
            return null;
        });
        return value[0];
    }

    private long lastSequence(String id) {
        return jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, id);
    }

    /** The same database, counting the last-sequence-number reads. */
    private JdbcTemplate counting(AtomicInteger checks) {
        return new JdbcTemplate(dataSource) {
            @Override
            public <T> T queryForObject(String sql, Class<T> requiredType, Object... args) {
                checks.incrementAndGet();
                return super.queryForObject(sql, requiredType, args);
            }
        };
    }

    private static DriverManagerDataSource dataSource() {
        String url = TestDatabases.fresh("aggregate_cache_" + System.nanoTime());
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, TestDatabases.user(),
                TestDatabases.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
