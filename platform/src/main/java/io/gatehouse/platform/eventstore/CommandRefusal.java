package io.gatehouse.platform.eventstore;

import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandBusConnectorCommunicationException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.RemoteHandlingException;
import org.axonframework.messaging.RemoteNonTransientHandlingException;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.dao.DuplicateKeyException;

import java.util.List;
import java.util.Optional;

/**
 * A command refused by a rule, in a form that crosses from the node that handled it to the node that sent it
 * (Axon sends an exception across as text only; a refusal travels as the exception's details). The sending side
 * turns it back into the {@link Rejection} the API answers with.
 */
public record CommandRefusal(Rejection.Kind kind, String problemType, String message, List<FieldError> errors) {

    private static final String VERSION_CONFLICT = "The member has changed since the version given in If-Match; "
            + "read it again.";
    private static final String CONCURRENT_CHANGE = "A concurrent change got there first; read the current state "
            + "and try again.";

    public Rejection toRejection() {
        return new Rejection(kind, problemType, message, errors == null ? List.of() : errors);
    }

    /** The refusal a remote handler sent, or one told by the text of the exceptions it could not send. */
    public static Optional<CommandRefusal> of(CommandExecutionException e) {
        Optional<CommandRefusal> details = e.getDetails().filter(CommandRefusal.class::isInstance)
                .map(CommandRefusal.class::cast);
        if (details.isPresent()) {
            return details;
        }
        List<String> descriptions = e.getCause() instanceof RemoteHandlingException remote
                ? remote.getExceptionDescriptions()
                : e.getCause() instanceof RemoteNonTransientHandlingException remote
                ? remote.getExceptionDescriptions() : List.of();
        // failures at commit (a version conflict, a concurrent append, a unique key) are past any interceptor:
        // known by name
        for (String description : descriptions) {
            if (description.startsWith(AggregateNotFoundException.class.getName())) {
                return Optional.of(new CommandRefusal(Rejection.Kind.NOT_FOUND, "not-found", "No such resource.",
                        List.of()));
            }
            if (description.startsWith(ConflictingAggregateVersionException.class.getName())) {
                return Optional.of(new CommandRefusal(Rejection.Kind.PRECONDITION_FAILED, "precondition-failed",
                        VERSION_CONFLICT, List.of()));
            }
            if (description.startsWith(DuplicateKeyException.class.getName())
                    || description.startsWith("org.axonframework.modelling.command.ConcurrencyException")
                    || description.startsWith("org.axonframework.eventsourcing.eventstore.EventStoreException")
                    && description.contains("duplicate")) {
                return Optional.of(new CommandRefusal(Rejection.Kind.CONFLICT, "conflict", CONCURRENT_CHANGE,
                        List.of()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code failure} says the command's aggregate does not exist (here, or on the node that owns it). */
    public static boolean isNotFound(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateNotFoundException) return true;
            if (cause instanceof CommandExecutionException remote
                    && of(remote).map(r -> r.kind() == Rejection.Kind.NOT_FOUND).orElse(false)) return true;
        }
        return false;
    }

    /** Whether {@code failure} is the cluster's, not the command's: no node took it, or its node went away. */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommandDispatchException || cause instanceof NoHandlerForCommandException
                    || cause instanceof CommandBusConnectorCommunicationException) return true;
        }
        return false;
    }

    /** On the handling node: a refusal leaves with its details, so that another node can answer it. */
    static final class Interceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                             InterceptorChain interceptorChain) throws Exception {
            try {
                return interceptorChain.proceed();
            } catch (Rejection rejection) {
                throw new CommandExecutionException(rejection.getMessage(), rejection,
                        new CommandRefusal(rejection.kind(), rejection.problemType(), rejection.getMessage(),
                                rejection.errors()));
            } catch (ConflictingAggregateVersionException conflict) {
                throw new CommandExecutionException(conflict.getMessage(), conflict, new CommandRefusal(
                        Rejection.Kind.PRECONDITION_FAILED, "precondition-failed", VERSION_CONFLICT, List.of()));
            } catch (AggregateNotFoundException notFound) {
                throw new CommandExecutionException(notFound.getMessage(), notFound, new CommandRefusal(
                        Rejection.Kind.NOT_FOUND, "not-found", "No such resource.", List.of()));
            }
        }
    }
}
