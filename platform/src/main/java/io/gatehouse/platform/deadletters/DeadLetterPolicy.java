package io.gatehouse.platform.deadletters;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * Dead-letters every failed event, with its cause told safely ({@link HandlingFailure}) and how often a retry
 * has failed since. The cause type is kept in the diagnostics too: Axon records a requeued letter's cause
 * under the type of its own wrapper.
 */
public final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String RETRIES = "retries";
    static final String CAUSE_TYPE = "causeType";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        HandlingFailure failure = HandlingFailure.of(cause);
        MetaData diagnostics = letter.diagnostics();
        // a letter read from the queue is a failed retry; the handler's own failure is not counted
        int retries = letter instanceof JdbcDeadLetter<?>
                ? (diagnostics.get(RETRIES) instanceof Number n ? n.intValue() : 0) + 1 : 0;
        return Decisions.enqueue(new ThrowableCause(failure.causeType(), failure.getMessage()),
                l -> l.diagnostics().and(RETRIES, retries).and(CAUSE_TYPE, failure.causeType()));
    }
}
