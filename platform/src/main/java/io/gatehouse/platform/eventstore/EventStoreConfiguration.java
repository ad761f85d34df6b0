package io.gatehouse.platform.eventstore;

import io.gatehouse.messaging.GatehouseSerializer;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon on PostgreSQL through its JDBC storage engine: snake_case tables created by Flyway (V1), JSON
 * everywhere through {@link GatehouseSerializer}, so that tokens, sagas and events can be read with psql.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /**
     * Tracking processors handle up to 100 events per transaction (Spring Boot's default is 1: a token write
     * per event per processor). A processor that must not batch (the directory-sync saga) says so itself.
     */
    @org.springframework.beans.factory.annotation.Autowired
    public void batchTrackingProcessors(org.axonframework.config.EventProcessingConfigurer processing,
                                        ProcessorClaims claims) {
        processing.registerTrackingEventProcessorConfiguration(config -> claims.tracking(
                org.axonframework.eventhandling.TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100)));
    }

    /**
     * The token store writes a processor's skips (events it does not handle) at most once per
     * {@code gatehouse.processors.skipped-token-interval} per segment ({@link SkippedEventTokens}); 0 writes each.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor skippedEventTokens(
            @org.springframework.beans.factory.annotation.Value("${gatehouse.processors.skipped-token-interval:PT0.2S}")
            java.time.Duration interval) {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!interval.isZero() && bean instanceof org.axonframework.eventhandling.tokenstore.TokenStore store
                        && !(bean instanceof SkippedEventTokens)) {
                    return new SkippedEventTokens(store, interval, java.time.Clock.systemUTC());
                }
                return bean;
            }
        };
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return GatehouseSerializer.create();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return GatehouseSerializer.create();
    }

    /** The benchmark's switch that stores personal data in clear (see {@link #eventSerializer}). */
    public static final String MEASURE_WITHOUT_ENCRYPTION = "gatehouse.privacy.measure-without-encryption";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventStoreConfiguration.class);

    /**
     * Events: personal data encrypted with its person's key (crypto-shredding), read back through the same keys.
     * {@value #MEASURE_WITHOUT_ENCRYPTION}{@code =true} exists only for the benchmark to measure what encryption
     * costs ({@code bench/run --privacy-cost}): events written then keep personal data in clear forever.
     */
    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(io.gatehouse.platform.privacy.PersonalDataKeys personalDataKeys,
                                      @org.springframework.beans.factory.annotation.Value(
                                              "${" + MEASURE_WITHOUT_ENCRYPTION + ":false}") boolean withoutEncryption) {
        if (withoutEncryption) {
            log.warn("""

                    ************************************************************************************************
                    {}=true: FOR MEASUREMENT ONLY, NEVER IN PRODUCTION.
                    Events written from now on keep personal data (names, usernames, e-mails, visited URLs) in
                    CLEAR TEXT in the event store, forever: erasure cannot remove it. Use a throw-away database.
                    ************************************************************************************************""",
                    MEASURE_WITHOUT_ENCRYPTION);
            return GatehouseSerializer.createWithoutEncryption(personalDataKeys);
        }
        return GatehouseSerializer.create(personalDataKeys);
    }

    /**
     * Axon's JDBC storage engine as its Spring Boot auto-configuration makes it, with an insert that returns the
     * positions it stored (for {@link CommandReceipts}), reads that open no transaction of their own
     * ({@link ReadsWithoutTransaction}), and the personal data keys of each batch read in one query
     * ({@link KeyPrefetchingStorageEngine}).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema,
                                                 io.gatehouse.platform.privacy.PersonalDataKeys personalDataKeys,
                                                 @org.springframework.beans.factory.annotation.Value(
                                                         "${gatehouse.event-store.tail-coalescing:PT0.005S}")
                                                 java.time.Duration tailCoalescing) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(new ReadsWithoutTransaction(transactionManager))
                .schema(eventSchema)
                .appendEvents(new ReturningAppendEvents());
        return new KeyPrefetchingStorageEngine(builder, personalDataKeys, tailCoalescing);
    }

    /**
     * Axon's event store as its Spring Boot auto-configuration makes it, but looking for events that other nodes
     * stored every {@code gatehouse.event-store.poll-interval} instead of every second: a commit wakes the
     * processors only in the process that made it, so on a query or sync node a command node's event waited up to
     * that long (the cluster's freshness p50 was 750 ms; 38 ms at 50 ms). A look costs two indexed reads while the
     * processors are caught up; the all-in-one's own commits wake it at once, as before.
     */
    @Bean
    public org.axonframework.eventsourcing.eventstore.EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
            @org.springframework.beans.factory.annotation.Value("${gatehouse.event-store.poll-interval:PT0.05S}")
            java.time.Duration pollInterval) {
        return org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(org.axonframework.eventsourcing.eventstore.EventStore.class,
                        "eventStore"))
                .spanFactory(configuration.getComponent(org.axonframework.eventhandling.EventBusSpanFactory.class))
                .fetchDelay(pollInterval.toMillis())
                .build();
    }

    /** Axon's own, whose auto-configuration steps back once the event store is defined here ({@link #eventStore}). */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver();
    }

    /** Events stored in an older shape are read as today's: Axon registers every upcaster bean in its chain. */
    @Bean
    public io.gatehouse.messaging.upcasting.AccessChangedUpcaster accessChangedUpcaster() {
        return new io.gatehouse.messaging.upcasting.AccessChangedUpcaster();
    }

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("timestamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    public SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema(SagaSchema.builder()
                .sagaEntryTable("saga_entry")
                .revisionColumn("revision")
                .serializedSagaColumn("serialized_saga")
                .associationValueEntryTable("association_value_entry")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
                .sagaIdColumn("saga_id")
                .sagaTypeColumn("saga_type")
                .build());
    }
}
