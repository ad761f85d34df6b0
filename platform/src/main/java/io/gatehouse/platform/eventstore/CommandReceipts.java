package io.gatehouse.platform.eventstore;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a command and answers with its {@link CommandReceipt}. The receipt is filled inside the command's unit of
 * work (the event insert returns the positions), never read back after the commit, so a write's ETag and
 * {@code Gatehouse-Position} cannot belong to another writer.
 */
public class CommandReceipts {

    /** Metadata by which a command asks for a receipt; other commands (sagas, policies) are left as they are. */
    static final String WANTS_RECEIPT = "gatehouse.receipt";

    private final CommandGateway commands;
    private final EventPositions positions;

    public CommandReceipts(CommandGateway commands, EventPositions positions) {
        this.commands = commands;
        this.positions = positions;
    }

    /**
     * Sends the command, waits for its commit and answers what it stored. {@code aggregateIds} are the streams the
     * write is about: one that stored nothing (a change to what already is) is reported at its current version.
     */
    public CommandReceipt send(Object command, String... aggregateIds) {
        return send(command, Map.of(), aggregateIds);
    }

    /** {@link #send(Object, String...)} with more metadata, such as what the sender read ({@link AggregateCache#seen}). */
    public CommandReceipt send(Object command, Map<String, ?> metaData, String... aggregateIds) {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(metaData).andMetaData(Map.of(WANTS_RECEIPT, true));
        Object answer;
        try {
            answer = commands.sendAndWait(message);
        } catch (CommandExecutionException e) {
            // refused on another node: the refusal crossed as details; answer it as if refused here
            throw CommandRefusal.of(e).map(CommandRefusal::toRejection).orElseThrow(() -> e);
        }
        if (!(answer instanceof CommandReceipt receipt)) {
            throw new IllegalStateException("No receipt for " + command.getClass().getSimpleName());
        }
        return withUnchanged(receipt, List.of(aggregateIds));
    }

    private CommandReceipt withUnchanged(CommandReceipt receipt, List<String> aggregateIds) {
        Map<String, Long> versions = new HashMap<>(receipt.versions());
        long position = receipt.position();
        for (String aggregateId : aggregateIds) {
            if (versions.containsKey(aggregateId)) continue;
            // nothing stored: the handler answered the version it decided on; its last event is immutable
            Long version = receipt.decidedVersion();
            if (version == null) {
                throw new IllegalStateException("The command stored nothing for " + aggregateId
                        + " and did not answer its version");
            }
            versions.put(aggregateId, version);
            position = Math.max(position, positions.positionOf(aggregateId, version));
        }
        return new CommandReceipt(position, versions, receipt.decidedVersion());
    }

    /** Collects what a command that asks for a receipt stores; registered on the command bus. */
    static final class Collector implements MessageHandlerInterceptor<CommandMessage<?>> {

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                             InterceptorChain interceptorChain) throws Exception {
            if (!Boolean.TRUE.equals(unitOfWork.getMessage().getMetaData().get(WANTS_RECEIPT))) {
                return interceptorChain.proceed();
            }
            StoredEvents stored = StoredEvents.collectFor(unitOfWork);
            Object result = interceptorChain.proceed();
            // filled when the events are inserted (prepare commit); read by the sender after the commit
            return new CommandReceipt(stored, result instanceof Long version ? version : null);
        }
    }
}
