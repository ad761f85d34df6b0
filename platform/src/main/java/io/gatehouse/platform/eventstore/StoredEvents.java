package io.gatehouse.platform.eventstore;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.HashMap;
import java.util.Map;

/**
 * What one command's unit of work stored: the global position of its last event and each aggregate's last
 * sequence number. Filled by the event insert itself ({@link ReturningAppendEvents}), so it is the write's own,
 * whatever other writes commit around it.
 */
final class StoredEvents {

    private static final String RESOURCE = StoredEvents.class.getName();

    private long lastPosition;
    private final Map<String, Long> versions = new HashMap<>();

    /** Starts collecting for the unit of work of a command that asked for a receipt. */
    static StoredEvents collectFor(UnitOfWork<?> unitOfWork) {
        StoredEvents stored = new StoredEvents();
        unitOfWork.root().resources().put(RESOURCE, stored);
        return stored;
    }

    /** The collector of the running unit of work, if its command asked for a receipt. */
    static StoredEvents current() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return CurrentUnitOfWork.get().root().getResource(RESOURCE);
    }

    void stored(String aggregateId, long sequenceNumber, long position) {
        lastPosition = Math.max(lastPosition, position);
        versions.merge(aggregateId, sequenceNumber, Math::max);
    }

    long lastPosition() {
        return lastPosition;
    }

    Map<String, Long> versions() {
        return Map.copyOf(versions);
    }
}
