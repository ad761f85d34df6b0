package io.gatehouse.platform.deadletters;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One JDBC dead-letter queue per processing group, in {@code dead_letter_entry} (V25): an event the group's
 * handlers fail on is parked there with the later events of its sequence, and the group goes on with every
 * other sequence. Also knows the queues of the processors Axon's configuration does not (projection rebuilds).
 */
@Component
public class DeadLetterQueues {

    public static final String TABLE = "dead_letter_entry";

    /** Room for many poisoned accounts, and for a busy account's events while its head letter waits. */
    private static final int MAX_SEQUENCES = 10_000;
    private static final int MAX_SEQUENCE_SIZE = 100_000;

    /** A group's queue and what retries its letters through the group's handlers. */
    public record Group(SequencedDeadLetterQueue<EventMessage<?>> queue,
                        Supplier<Optional<SequencedDeadLetterProcessor<EventMessage<?>>>> processor) {
    }

    private final DataSource dataSource;
    private final Serializer serializer;
    private final Serializer eventSerializer;
    private final DeadLetterPolicy policy = new DeadLetterPolicy();
    private final Set<String> enabled = ConcurrentHashMap.newKeySet();
    private final Map<String, Group> attached = new ConcurrentHashMap<>();

    public DeadLetterQueues(DataSource dataSource, Serializer serializer,
                            @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.eventSerializer = eventSerializer;
    }

    public static DeadLetterSchema schema() {
        return DeadLetterSchema.builder()
                .deadLetterTable(TABLE)
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    public DeadLetterPolicy policy() {
        return policy;
    }

    public SequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup, TransactionManager transactions) {
        return JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(processingGroup)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactions)
                .schema(schema())
                .genericSerializer(serializer)
                .eventSerializer(eventSerializer)
                .maxSequences(MAX_SEQUENCES)
                .maxSequenceSize(MAX_SEQUENCE_SIZE)
                .build();
    }

    /**
     * Gives a processing group of Axon's configuration its queue. Its handlers' failures must reach the
     * dead-lettering invoker as exceptions (Axon's invoker propagates them, whatever the group's error handler).
     */
    public void enable(EventProcessingConfigurer processing, String processingGroup) {
        processing.registerDeadLetterQueue(processingGroup,
                        config -> queue(processingGroup, config.getComponent(TransactionManager.class)))
                .registerDeadLetterPolicy(processingGroup, config -> policy)
                // a sequence is looked up in the queue only once it may be there, not for every event
                .registerDeadLetteringEventHandlerInvokerConfiguration(processingGroup,
                        (config, builder) -> builder.enableSequenceIdentifierCache());
        enabled.add(processingGroup);
    }

    /** Makes a queue outside Axon's configuration (a rebuild's) visible to operators while it lives. */
    public void attach(String processingGroup, SequencedDeadLetterQueue<EventMessage<?>> queue,
                       SequencedDeadLetterProcessor<EventMessage<?>> processor) {
        attached.put(processingGroup, new Group(queue, () -> Optional.of(processor)));
    }

    public void detach(String processingGroup) {
        attached.remove(processingGroup);
    }

    /** The groups Axon's configuration has a queue for. */
    Set<String> enabled() {
        return Set.copyOf(enabled);
    }

    Map<String, Group> attached() {
        return Map.copyOf(attached);
    }
}
