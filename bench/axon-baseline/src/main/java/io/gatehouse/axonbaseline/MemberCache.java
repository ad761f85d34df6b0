package io.gatehouse.axonbaseline;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Axon's {@link Cache} as a plain LRU of strong references. Axon's own {@code WeakReferenceCache} keeps each entry
 * only weakly reachable, so a young collection empties it: under load every command read its member's events back
 * (measured: a member's replay was most of the baseline's CPU, growing with its stream). Gatehouse keeps its members
 * in a bounded map of its own, so this is the like-for-like counterpart. No entry listeners: nothing here uses them.
 */
final class MemberCache implements Cache {

    private final Map<Object, Object> entries;

    MemberCache(int capacity) {
        this.entries = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public synchronized boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return () -> true;
    }
}
