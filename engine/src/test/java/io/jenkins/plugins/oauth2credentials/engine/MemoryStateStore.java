package io.jenkins.plugins.oauth2credentials.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A token state store in memory that can be told to fail, and counts its writes. */
final class MemoryStateStore implements TokenStateStore {
    private final ConcurrentHashMap<String, TokenState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<RefreshLogEntry>> logs = new ConcurrentHashMap<>();
    private final AtomicInteger saves = new AtomicInteger();
    private volatile boolean failSaves;
    private volatile boolean failLoads;

    @Override
    public Optional<TokenState> load(String key) throws StateStoreException {
        if (failLoads) {
            throw new StateStoreException("state of " + key + " unreadable (simulated)", null);
        }
        return Optional.ofNullable(states.get(key));
    }

    @Override
    public List<RefreshLogEntry> loadLog(String key) {
        List<RefreshLogEntry> log = logs.get(key);
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public void save(String key, TokenState state, RefreshLogEntry entry)
            throws StateStoreException {
        if (failSaves) {
            throw new StateStoreException("state of " + key + " not written (simulated)", null);
        }
        saves.incrementAndGet();
        states.put(key, state);
        if (entry != null) {
            List<RefreshLogEntry> log = logs.computeIfAbsent(key, k -> new ArrayList<>());
            synchronized (log) {
                log.add(entry);
            }
        }
    }

    @Override
    public void delete(String key) {
        states.remove(key);
        logs.remove(key);
    }

    @Override
    public Set<String> keys() {
        return new TreeSet<>(states.keySet());
    }

    /** What is stored now, bypassing any simulated failure. */
    TokenState stored(String key) {
        return states.get(key);
    }

    int saves() {
        return saves.get();
    }

    void failSaves(boolean fail) {
        this.failSaves = fail;
    }

    void failLoads(boolean fail) {
        this.failLoads = fail;
    }
}
