package io.gatehouse.platform.eventstore;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Aggregates kept in memory between commands, for Axon's caching repository: a command on a member that was
 * loaded before starts from the member as its last command left it, instead of reading its snapshot and events
 * again. At most {@code maxEntries}, the least recently used leaving first. Axon drops an entry when a command on
 * it rolls back (its state may have moved ahead of the store), and the event store's unique (aggregate, sequence)
 * key refuses any event decided on a copy that another writer overtook.
 * <p>
 * A copy can still be behind the store: the consistent hash sends each member's commands to one node, but a node
 * joining or leaving moves members between nodes and back, and events may reach a stream by other ways than its
 * aggregate (an older Gatehouse's, a repair). A decision that stores nothing (a change to what already is) or a
 * refused {@code If-Match} would then be taken on it without any event to collide. So with {@code verify} every use
 * of a copy is checked against the member's last sequence number and the member reloaded when the copy is behind.
 * That number comes with the command when its sender read it together with the caller's standing ({@link #seen}),
 * one round trip fewer; otherwise (sagas, policies) it is read in the command's transaction (one index look-up). A
 * writer on another node between the sender's read and the decision is still refused by the unique key if the
 * decision stores anything; one that stores nothing is then answered as of the sender's read.
 */
public final class AggregateCache implements Cache {

    /** Metadata of a command: the aggregate whose last sequence number its sender read, and that number. */
    static final String SEEN_AGGREGATE = "gatehouse.seen-aggregate";
    static final String SEEN_VERSION = "gatehouse.seen-version";

    private static final Field VERSION = versionField();

    private final int maxEntries;
    private final JdbcTemplate jdbc;
    private final boolean verify;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Object, Object> entries;

    /** {@code jdbc} reads the event store when {@code verify} is on. */
    public AggregateCache(int maxEntries, JdbcTemplate jdbc, boolean verify) {
        this.maxEntries = maxEntries;
        this.jdbc = jdbc;
        this.verify = verify;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() <= AggregateCache.this.maxEntries) {
                    return false;
                }
                listeners.forEach(l -> l.onEntryExpired(eldest.getKey()));
                return true;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value;
        synchronized (entries) {
            value = entries.get(key);
        }
        if (value == null) {
            return null;
        }
        if (verify && value instanceof AggregateCacheEntry<?> entry && !current(key, entry)) {
            remove(key);
            return null;
        }
        listeners.forEach(l -> l.onEntryRead(key, value));
        return (V) value;
    }

    /**
     * The metadata by which a command carries the last sequence number of {@code aggregateId} its sender read (none
     * when the read found no event).
     */
    public static Map<String, Object> seen(String aggregateId, Long lastSequenceNumber) {
        return lastSequenceNumber == null ? Map.of()
                : Map.of(SEEN_AGGREGATE, aggregateId, SEEN_VERSION, lastSequenceNumber);
    }

    /** Whether the copy is at the member's last stored sequence number (or past what the command's sender read). */
    private boolean current(Object key, AggregateCacheEntry<?> entry) {
        Long copy = version(entry);
        OptionalLong seen = seenBySender(key.toString());
        if (seen.isPresent()) {
            // a copy is never ahead of the store (a rollback drops it): at or past the read, it holds all it saw
            return copy != null && copy >= seen.getAsLong();
        }
        Long stored = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", Long.class, key.toString());
        return Objects.equals(stored, copy);
    }

    private static OptionalLong seenBySender(String aggregateId) {
        if (!CurrentUnitOfWork.isStarted() || CurrentUnitOfWork.get().getMessage() == null) {
            return OptionalLong.empty();
        }
        MetaData metaData = CurrentUnitOfWork.get().getMessage().getMetaData();
        return aggregateId.equals(metaData.get(SEEN_AGGREGATE)) && metaData.get(SEEN_VERSION) instanceof Number n
                ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
    }

    static Long version(AggregateCacheEntry<?> entry) {
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void put(Object key, Object value) {
        Object previous;
        synchronized (entries) {
            previous = entries.put(key, value);
        }
        if (previous == null) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        } else {
            listeners.forEach(l -> l.onEntryUpdated(key, value));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        synchronized (entries) {
            if (entries.containsKey(key)) {
                return false;
            }
            entries.put(key, value);
        }
        listeners.forEach(l -> l.onEntryCreated(key, value));
        return true;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed;
        synchronized (entries) {
            removed = entries.remove(key) != null;
        }
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (entries) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
        }
        keys.forEach(key -> listeners.forEach(l -> l.onEntryRemoved(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        synchronized (entries) {
            entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Axon's AggregateCacheEntry has no version field", e);
        }
    }
}
