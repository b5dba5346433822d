package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenStateStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A state store that adds up the time its saves take, to split a refresh into its parts. */
final class TimedStore implements TokenStateStore {
    private final TokenStateStore delegate;
    private final CallTimes saves;

    /** Times the saves of the delegate into {@code saves}; other calls are not timed. */
    TimedStore(TokenStateStore delegate, CallTimes saves) {
        this.delegate = delegate;
        this.saves = saves;
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
            saves.add(t0);
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
