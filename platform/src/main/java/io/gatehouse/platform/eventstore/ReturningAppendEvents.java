package io.gatehouse.platform.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.axonframework.eventhandling.EventUtils.asDomainEventMessage;

/**
 * Axon's event insert with {@code RETURNING global_index}: the positions PostgreSQL gives the events come
 * back with the insert itself, so a write can answer with its own last position without reading the store
 * again (a read after the commit may see another writer's later event).
 */
final class ReturningAppendEvents implements AppendEventsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        String sql = "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields() + ") "
                + "VALUES (?,?,?,?,?,?,?,?,?)";
        StoredEvents collector = StoredEvents.current();
        PreparedStatement statement = collector == null
                ? connection.prepareStatement(sql)
                : connection.prepareStatement(sql, new String[]{schema.globalIndexColumn()});
        List<DomainEventMessage<?>> domainEvents = events.stream().<DomainEventMessage<?>>map(e -> asDomainEventMessage(e)).toList();
        for (DomainEventMessage<?> event : domainEvents) {
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, metaData.getData());
            statement.addBatch();
        }
        return collector == null ? statement : recordingPositions(statement, domainEvents, collector);
    }

    /** The statement, whose batch execution also hands each event's position to the collector. */
    private static PreparedStatement recordingPositions(PreparedStatement statement,
                                                        List<DomainEventMessage<?>> events, StoredEvents collector) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(statement, args);
                        if (method.getName().equals("executeBatch")) {
                            try (ResultSet keys = statement.getGeneratedKeys()) {
                                for (int i = 0; keys.next() && i < events.size(); i++) {
                                    DomainEventMessage<?> event = events.get(i);
                                    collector.stored(event.getAggregateIdentifier(), event.getSequenceNumber(),
                                            keys.getLong(1));
                                }
                            }
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
