package io.gatehouse.platform.cluster;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.distributed.CommandBusConnector;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.jgroups.Address;
import org.jgroups.JChannel;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Axon's JGroups connector sends every command through the channel, also one this node owns: serialized, encrypted,
 * looped back, handled on a connector thread, and its result the same way back (it even lists this node as a remote
 * member once its own join message comes back). A command the consistent hash gives to this node is dispatched on
 * the local segment instead, on the caller's thread, as Axon's Spring Cloud connector does for its local member;
 * every other command crosses JGroups as before.
 */
public final class LocalFirstConnector implements CommandBusConnector {

    private final CommandBusConnector cluster;
    private final CommandBus localSegment;
    private final JChannel channel;

    public LocalFirstConnector(CommandBusConnector cluster, CommandBus localSegment, JChannel channel) {
        this.cluster = cluster;
        this.localSegment = localSegment;
        this.channel = channel;
    }

    @Override
    public <C> void send(Member destination, CommandMessage<? extends C> command) throws Exception {
        if (isThisNode(destination)) {
            localSegment.dispatch(command);
        } else {
            cluster.send(destination, command);
        }
    }

    @Override
    public <C, R> void send(Member destination, CommandMessage<C> command, CommandCallback<? super C, R> callback)
            throws Exception {
        if (isThisNode(destination)) {
            localSegment.dispatch(command, callback);
        } else {
            cluster.send(destination, command, callback);
        }
    }

    /** This node's own member, whether the hash still marks it local or holds the copy its join message made. */
    boolean isThisNode(Member destination) {
        Address self = channel.getAddress();
        return destination.local() || (self != null && destination.getConnectionEndpoint(Address.class)
                .map(self::equals).orElse(false));
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return cluster.subscribe(commandName, handler);
    }

    @Override
    public Optional<CommandBus> localSegment() {
        return Optional.of(localSegment);
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        return cluster.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public CompletableFuture<Void> initiateShutdown() {
        return cluster.initiateShutdown();
    }
}
