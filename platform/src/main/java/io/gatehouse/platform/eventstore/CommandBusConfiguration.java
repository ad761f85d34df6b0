package io.gatehouse.platform.eventstore;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Axon's command bus as Spring Boot would make it, but each command in a transaction of its own
 * (REQUIRES_NEW): a command that a saga or policy sends from inside an event processor's transaction and
 * that is refused must not mark that transaction rollback-only, or the processor would retry the event
 * forever. When the command is handled on this node, its events are stored with the processor's batch (Axon hands
 * them to the outer unit of work), so recording an outcome and moving the saga on stay one transaction; when
 * another node owns the member, the outcome is committed there and the saga moves on once it is answered.
 */
@Configuration(proxyBeanMethods = false)
public class CommandBusConfiguration {

    @Bean
    @Qualifier("localSegment")
    public SimpleCommandBus commandBus(PlatformTransactionManager transactions,
                                       org.axonframework.config.Configuration axon,
                                       DuplicateCommandHandlerResolver duplicates) {
        DefaultTransactionDefinition ownTransaction =
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        SimpleCommandBus bus = SimpleCommandBus.builder()
                .transactionManager(new SpringTransactionManager(transactions, ownTransaction))
                .duplicateCommandHandlerResolver(duplicates)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        bus.registerHandlerInterceptor(new CommandRefusal.Interceptor());
        bus.registerHandlerInterceptor(new CommandReceipts.Collector());
        return bus;
    }

    @Bean
    public CommandReceipts commandReceipts(CommandGateway commands, EventPositions positions) {
        return new CommandReceipts(commands, positions);
    }
}
