package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenStateStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** A state store that adds up the time its saves take, to split a refresh into its parts. */
final class TimedStore implements TokenStateStore {
    private final TokenStateStore delegate;
    private final LongAdder saveNanos = new LongAdder();
    private final LongAdder saves = new LongAdder();

    TimedStore(TokenStateStore delegate) {
        this.delegate = delegate;
    }

    /** Mean milliseconds per save since the last reset. */
    double meanSaveMillis() {
        long count = saves.sum();
        return count == 0 ? 0 : saveNanos.sum() / 1e6 / count;
    }

    void reset() {
        saveNanos.reset();
        saves.reset();
    }

    @Override
    public Optional<TokenState> load(String key) throws StateStoreException {
        return delegate.load(key);
    }

    @Override
    public List<RefreshLogEntry> loadLog(String key) throws StateStoreException {
        return delegate.loadLog(key);
    }

    @Override
    public void save(String key, TokenState state, RefreshLogEntry entry)
            throws StateStoreException {
        long t0 = System.nanoTime();
        try {
            delegate.save(key, state, entry);
        } finally {
            saveNanos.add(System.nanoTime() - t0);
            saves.increment();
        }
    }

    @Override
    public void delete(String key) throws StateStoreException {
        delegate.delete(key);
    }

    @Override
    public Set<String> keys() throws StateStoreException {
        return delegate.keys();
    }
}
