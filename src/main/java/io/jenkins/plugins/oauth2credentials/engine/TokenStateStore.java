package io.jenkins.plugins.oauth2credentials.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps each credential's {@link TokenState} and refresh log, keyed by the credential's state
 * key. Implementations write atomically: after a crash a credential has either its old or its
 * new state, never a mix; and a damaged entry fails only for that key.
 */
public interface TokenStateStore {

    /** The stored state, or empty when the key has none. */
    Optional<TokenState> load(String key) throws StateStoreException;

    /** The refresh log, oldest first; empty when the key has none. */
    List<RefreshLogEntry> loadLog(String key) throws StateStoreException;

    /**
     * Replaces the state and appends a log entry (the log is trimmed to its limit) in one
     * atomic write.
     *
     * @param entry the entry to append, or null to leave the log as it is
     */
    void save(String key, TokenState state, RefreshLogEntry entry) throws StateStoreException;

    /** Forgets a key; nothing happens when it has no state. */
    void delete(String key) throws StateStoreException;

    /** Every key that has state. */
    Set<String> keys() throws StateStoreException;
}
