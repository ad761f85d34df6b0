package io.gatehouse.platform.deadletters;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Vocabulary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What operators see and do with dead letters: how many each processing group has (health, the
 * {@code gatehouse.dead_letters} gauge), which ones, retrying a sequence once its cause is fixed, skipping one.
 * Shows no payload: an event's fields are personal data.
 */
@Component
public class DeadLetters {

    /** Sequences listed per group, and letters per sequence; the counts tell how many more there are. */
    static final int MAX_SEQUENCES_LISTED = 100;
    static final int MAX_LETTERS_LISTED = 20;

    public record Letter(String eventId, Long globalPosition, String eventType, String causeType,
                         String causeMessage, Instant enqueuedAt, Instant lastTouchedAt, int retries) {
    }

    public record Sequence(String sequenceId, long size, List<Letter> letters) {
    }

    public record Listing(String processingGroup, long deadLetters, long sequences, List<Sequence> first) {
    }

    /** A retry's outcome: sequences handled entirely, and what is left in the group. */
    public record Retried(String processingGroup, int sequencesProcessed, long deadLettersLeft) {
    }

    private final DeadLetterQueues queues;
    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    public DeadLetters(DeadLetterQueues queues, EventProcessingConfiguration processing, JdbcTemplate jdbc,
                       MeterRegistry meters) {
        this.queues = queues;
        this.processing = processing;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void registerGauges() {
        queues.enabled().forEach(this::gauge);
    }

    private void gauge(String group) {
        Gauge.builder("gatehouse.dead_letters", () -> count(group)).tag("processing_group", group)
                .description("Events parked in the processing group's dead-letter queue").register(meters);
    }

    /** Makes a rebuild's queue visible and retryable while the rebuild runs. */
    public void attach(String group, SequencedDeadLetterQueue<EventMessage<?>> queue,
                       SequencedDeadLetterProcessor<EventMessage<?>> processor) {
        queues.attach(group, queue, processor);
        gauge(group);
    }

    public void detach(String group) {
        queues.detach(group);
    }

    /** The groups with a dead-letter queue. */
    public List<String> groups() {
        List<String> names = new ArrayList<>(queues.enabled());
        names.addAll(queues.attached().keySet());
        return names.stream().distinct().sorted().toList();
    }

    /** Dead letters per group, every group listed (zero when empty). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        groups().forEach(group -> counts.put(group, 0L));
        jdbc.query("SELECT processing_group, count(*) FROM " + DeadLetterQueues.TABLE + " GROUP BY processing_group",
                rs -> {
                    if (counts.containsKey(rs.getString(1))) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                });
        return counts;
    }

    public long count(String group) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + DeadLetterQueues.TABLE
                + " WHERE processing_group = ?", Long.class, group);
        return count == null ? 0 : count;
    }

    public Listing list(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        List<Sequence> sequences = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            if (sequences.size() == MAX_SEQUENCES_LISTED) {
                break;
            }
            List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (letters.size() == MAX_LETTERS_LISTED) {
                    break;
                }
                letters.add(letter);
                eventIds.add(letter.message().getIdentifier());
            }
            if (!letters.isEmpty()) {
                String sequenceId = sequenceId(letters.get(0));
                sequences.add(new Sequence(sequenceId, queue.sequenceSize(sequenceId),
                        letters.stream().map(this::letter).toList()));
            }
        }
        Map<String, Long> positions = positions(eventIds);
        List<Sequence> withPositions = sequences.stream().map(s -> new Sequence(s.sequenceId(), s.size(),
                s.letters().stream().map(l -> new Letter(l.eventId(), positions.get(l.eventId()), l.eventType(),
                        l.causeType(), l.causeMessage(), l.enqueuedAt(), l.lastTouchedAt(), l.retries())).toList()))
                .toList();
        return new Listing(group, queue.size(), queue.amountOfSequences(), withPositions);
    }

    /** Retries every sequence of the group once, through its handlers; a letter that fails again stays. */
    public Retried retryAll(String group) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processor(group);
        long sequences = queue(group).amountOfSequences();
        int processed = 0;
        for (long i = 0; i < sequences; i++) {
            if (processor.processAny()) {
                processed++;
            }
        }
        return new Retried(group, processed, count(group));
    }

    public Retried retry(String group, String sequenceId) {
        requireSequence(group, sequenceId);
        boolean processed = processor(group).process(letter -> sequenceId.equals(sequenceId(letter)));
        return new Retried(group, processed ? 1 : 0, count(group));
    }

    /** Drops a sequence's letters: its events are not handled; later events of the sequence go through again. */
    public int skip(String group, String sequenceId) {
        requireSequence(group, sequenceId);
        return jdbc.update("DELETE FROM " + DeadLetterQueues.TABLE + " WHERE processing_group = ? "
                + "AND sequence_identifier = ?", group, sequenceId);
    }

    private void requireSequence(String group, String sequenceId) {
        if (!queue(group).contains(sequenceId)) {
            throw Rejection.notFound("Processing group " + group + " has no dead letters in sequence " + sequenceId + ".");
        }
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return resolve(group).queue();
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processor(String group) {
        return resolve(group).processor().get().orElseThrow(() -> Rejection.conflict("processor-not-running",
                "Processing group " + group + " is not running here, so its dead letters cannot be retried."));
    }

    private DeadLetterQueues.Group resolve(String group) {
        DeadLetterQueues.Group attached = queues.attached().get(group);
        if (attached != null) {
            return attached;
        }
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = queues.enabled().contains(group)
                ? processing.deadLetterQueue(group) : Optional.empty();
        return queue.map(q -> new DeadLetterQueues.Group(q, () -> processing.sequencedDeadLetterProcessor(group)))
                .orElseThrow(() -> Rejection.notFound("No processing group " + group + " with a dead-letter queue; "
                        + "there are " + groups() + "."));
    }

    private Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        Class<?> type = letter.message().getPayloadType();
        Optional<Cause> cause = letter.cause();
        Object retries = letter.diagnostics().get(DeadLetterPolicy.RETRIES);
        Object causeType = letter.diagnostics().get(DeadLetterPolicy.CAUSE_TYPE);
        return new Letter(letter.message().getIdentifier(), null,
                Vocabulary.nameOf(type).orElse(type.getSimpleName()),
                causeType != null ? causeType.toString() : cause.map(Cause::type).orElse(null),
                cause.map(Cause::message).orElse(null), letter.enqueuedAt(), letter.lastTouched(),
                retries instanceof Number n ? n.intValue() : 0);
    }

    private static String sequenceId(DeadLetter<? extends EventMessage<?>> letter) {
        return letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier() : null;
    }

    private Map<String, Long> positions(List<String> eventIds) {
        Map<String, Long> positions = new HashMap<>();
        if (!eventIds.isEmpty()) {
            jdbc.query("SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier = ANY (?)",
                    rs -> {
                        positions.put(rs.getString(1), rs.getLong(2));
                    }, (Object) eventIds.toArray(String[]::new));
        }
        return positions;
    }
}
