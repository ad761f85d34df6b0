package io.gatehouse.query.projections;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.List;
import java.util.function.Function;

/**
 * A rebuildable projection: its processor name, its tables (one copy per schema), and how to make its event
 * handler write into a given copy. The live copy is what readers read; a rebuild fills the other one.
 *
 * @param handlers makes the event handler for a schema supplier; the supplier answers the schema to write to
 * @param segments how many segments process it in parallel (live and during a rebuild alike)
 */
public record Projection(String name, List<String> tables, SequencingPolicy<? super EventMessage<?>> sequencing,
                         Function<Schema, Object> handlers, int segments) {

    /** The projection's handlers, made to fail event by event so that a poison event is dead-lettered alone. */
    public DeadLetterGuard guarded(Object handlers, Configuration config, PlatformTransactionManager transactions) {
        return new DeadLetterGuard(name, new AnnotationEventHandlerAdapter(handlers, config.parameterResolverFactory(),
                config.handlerDefinition(handlers.getClass())), transactions);
    }

    /** Where a handler writes: the live copy for the running processor, a fixed copy for a rebuild. */
    @FunctionalInterface
    public interface Schema {
        String name();

        default String table(String table) {
            return name() + "." + table;
        }
    }
}
