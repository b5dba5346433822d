package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every credential's access token fresh and hands it out. The one place that decides
 * when to call the token endpoint, for builds, for the periodic refresh, for "Refresh now" and
 * for the authorization callback.
 *
 * <p>Rules it keeps:
 * <ul>
 *   <li>One token request at a time per credential; callers that arrive meanwhile wait for it
 *       and share its result.
 *   <li>New state is stored before the new access token is handed to anyone, so a rotated
 *       refresh token is never lost.
 *   <li>A failed request leaves the tokens exactly as they were; a still-valid access token
 *       keeps being served.
 *   <li>{@link FailureKind#NEEDS_REAUTHORIZATION} stops all automatic requests until the
 *       credential is authorized again or its client configuration changes.
 * </ul>
 */
public final class TokenManager {
    private static final Logger LOGGER = Logger.getLogger(TokenManager.class.getName());

    private final TokenEndpointClient client;
    private final TokenStateStore store;
    private final RefreshPolicy policy;
    private final Clock clock;
    private final StateKeyOwnership ownership;
    private final ConcurrentHashMap<String, TokenState> cache = new ConcurrentHashMap<>();
    /** Running refreshes by state key and client fingerprint: callers join their own client's. */
    private final ConcurrentHashMap<String, CompletableFuture<TokenState>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public TokenManager(TokenEndpointClient client, TokenStateStore store, RefreshPolicy policy, Clock clock) {
        this(client, store, policy, clock, StateKeyOwnership.EXCLUSIVE);
    }

    /**
     * @param ownership asked before state obtained by another client identity is replaced; state
     *     whose key another credential also carries is left alone and never served
     */
    public TokenManager(TokenEndpointClient client, TokenStateStore store, RefreshPolicy policy, Clock clock,
            StateKeyOwnership ownership) {
        this.client = client;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.ownership = ownership;
    }

    /** The credential's current state, from memory or the store. */
    public TokenState state(String stateKey) throws StateStoreException {
        TokenState cached = cache.get(stateKey);
        if (cached != null) {
            return cached;
        }
        TokenState loaded = store.load(stateKey).orElse(TokenState.EMPTY);
        TokenState raced = cache.putIfAbsent(stateKey, loaded);
        return raced == null ? loaded : raced;
    }

    /** The credential's refresh log, oldest first. */
    public List<RefreshLogEntry> log(String stateKey) throws StateStoreException {
        return store.loadLog(stateKey);
    }

    /**
     * A token that stays valid for at least {@code minValidity} if it can be had: a cached one
     * when it is fresh, else the result of a refresh. A refresh that fails while the old token
     * is still valid serves the old token.
     *
     * @throws TokenUnavailableException naming the credential and what to do, when no valid
     *     token can be handed out
     */
    public TokenSet accessToken(ManagedCredential credential, Duration minValidity) throws TokenUnavailableException {
        Duration margin = minValidity.compareTo(policy.skew()) > 0 ? minValidity : policy.skew();
        TokenState cached = cache.get(credential.stateKey());
        if (cached != null && isFresh(cached, credential.config(), margin, clock.instant())) {
            return cached.tokens();
        }

        TokenState state;
        try {
            state = state(credential.stateKey());
            if (isOtherClient(state, credential.config())) {
                state = dropOtherClientTokens(credential, RefreshTrigger.USE);
            }
            if (!isFresh(state, credential.config(), margin, clock.instant())
                    && mayCallProvider(state, credential.config(), clock.instant())
                    && hasGrantToRun(state, credential.config())) {
                state = refreshShared(credential, RefreshTrigger.USE, margin);
            }
        } catch (TokenEndpointException e) {
            state = cache.getOrDefault(credential.stateKey(), TokenState.EMPTY);
        } catch (StateStoreException e) {
            throw new TokenUnavailableException(CredentialStatus.FAILING, e.getMessage(), e);
        }
        if (state.tokens() != null && !state.tokens().isExpired(clock.instant())
                && !isOtherClient(state, credential.config())) {
            return state.tokens();
        }
        throw unavailable(credential, state);
    }

    /**
     * Requests a new token now, whatever the backoff says: for "Refresh now". Concurrent callers
     * share one request. (The periodic refresh goes through {@link #refreshAllDue}, which honours
     * the backoff.)
     *
     * @throws TokenEndpointException when the request failed; the failure is already recorded
     */
    public TokenState refresh(ManagedCredential credential, RefreshTrigger trigger)
            throws TokenEndpointException, StateStoreException {
        return refreshShared(credential, trigger, null);
    }

    /**
     * Refreshes every credential that is due, at most {@code concurrency} at a time. Never
     * throws for one credential's failure: each is recorded in its own log and counted.
     */
    public RefreshSummary refreshAllDue(Collection<ManagedCredential> credentials, int concurrency) {
        return BulkRefresh.run(credentials, concurrency, this::refreshIfDue);
    }

    /**
     * Redeems an authorization code for a credential whose callback passed the state check, and
     * stores the tokens. A previous refresh token is dropped: the new authorization replaces it.
     *
     * @throws TokenEndpointException when the exchange failed; recorded in the log, state kept
     */
    public TokenState completeAuthorization(ManagedCredential credential, AuthorizationRequest request,
            SecretValue code) throws TokenEndpointException, StateStoreException {
        ReentrantLock lock = lock(credential.stateKey());
        lock.lock();
        try {
            TokenState state = stateToReplace(credential);
            Instant started = clock.instant();
            long t0 = System.nanoTime();
            String grant = GrantType.AUTHORIZATION_CODE.wireName();
            TokenResponse response;
            try {
                if (request.clientFingerprint() != null
                        && !ClientConfiguration.sameClient(request.clientFingerprint(),
                                credential.config().fingerprint())) {
                    // The code and verifier were issued to the client as it was when Authorize was pressed.
                    throw TokenEndpointException.builder(FailureKind.REJECTED,
                            EngineMessages.format("TokenManager.clientChangedDuringAuthorization")).build();
                }
                response = client.authorizationCode(credential.config(), code, request.redirectUri(),
                        request.codeVerifier());
            } catch (TokenEndpointException e) {
                store.save(credential.stateKey(), state,
                        RefreshLogEntry.failure(started, RefreshTrigger.AUTHORIZATION, grant, e, millisSince(t0)));
                LOGGER.log(Level.WARNING, "Authorization of credential {0} failed: {1}",
                        new Object[] {credential.displayName(), e.getMessage()});
                throw e;
            }
            TokenSet tokens = TokenSet.from(response, clock.instant(), null);
            TokenState next = state.succeeded(tokens, clock.instant(), credential.config().fingerprint());
            String message = EngineMessages.format("TokenManager.authorizedBy", request.userName());
            String note = successNote(null, response, credential.config());
            persist(credential.stateKey(), next, RefreshLogEntry.success(started, RefreshTrigger.AUTHORIZATION, grant,
                    note == null ? message : message + " " + note, millisSince(t0), tokens.expiresAt()));
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records in a credential's log an authorization that ended without a code (the provider
     * answered {@code error=access_denied}, say). The state is not changed.
     */
    public void recordAuthorizationFailure(ManagedCredential credential, OAuthError error, String message)
            throws StateStoreException {
        ReentrantLock lock = lock(credential.stateKey());
        lock.lock();
        try {
            TokenState state = state(credential.stateKey());
            // Without an OAuth error it was Jenkins that refused the callback, not the provider.
            FailureKind kind = error == null ? null : FailureKind.REJECTED;
            store.save(credential.stateKey(), state, new RefreshLogEntry(clock.instant(),
                    RefreshTrigger.AUTHORIZATION, null, false, kind, 0, error == null ? null : error.code(),
                    error == null ? null : error.description(), message, 0, null));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a deleted credential's state, in memory and in the store. */
    public void forget(String stateKey) throws StateStoreException {
        cache.remove(stateKey);
        store.delete(stateKey);
    }

    /** Whether the periodic refresh would call the provider for this credential now. */
    public boolean isDue(ManagedCredential credential) throws StateStoreException {
        TokenState state = state(credential.stateKey());
        return mayCallProvider(state, credential.config(), clock.instant())
                && hasGrantToRun(state, credential.config());
    }

    private BulkRefresh.Outcome refreshIfDue(ManagedCredential credential) {
        try {
            TokenState state = state(credential.stateKey());
            if (!mayCallProvider(state, credential.config(), clock.instant())) {
                return state.status() == CredentialStatus.NEEDS_REAUTHORIZATION
                        ? BulkRefresh.Outcome.NEEDS_REAUTHORIZATION : BulkRefresh.Outcome.SKIPPED;
            }
            if (!hasGrantToRun(state, credential.config())) {
                return BulkRefresh.Outcome.SKIPPED;
            }
            refreshShared(credential, RefreshTrigger.SCHEDULE, null);
            return BulkRefresh.Outcome.REFRESHED;
        } catch (TokenEndpointException e) {
            return e.kind() == FailureKind.NEEDS_REAUTHORIZATION
                    && credential.config().grantType() == GrantType.AUTHORIZATION_CODE
                    ? BulkRefresh.Outcome.NEEDS_REAUTHORIZATION : BulkRefresh.Outcome.FAILED;
        } catch (StateStoreException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not refresh credential " + credential.displayName(), e);
            return BulkRefresh.Outcome.FAILED;
        }
    }

    /**
     * Whether the state holds tokens obtained by another client identity than this configuration
     * (another client ID, secret, token URL, client authentication or grant). Such tokens are
     * never served, and their refresh token is never sent: the credential may have been pointed
     * at another credential's state, or its client replaced.
     */
    private static boolean isOtherClient(TokenState state, ClientConfiguration config) {
        return state.tokens() != null && state.configFingerprint() != null
                && !ClientConfiguration.sameClient(state.configFingerprint(), config.fingerprint());
    }

    /**
     * Forgets the tokens of another client identity, durably and with a log entry; refuses, and
     * changes nothing, when another credential carries the same state key.
     */
    private TokenState dropOtherClientTokens(ManagedCredential credential, RefreshTrigger trigger)
            throws StateStoreException, TokenEndpointException {
        ReentrantLock lock = lock(credential.stateKey());
        lock.lock();
        try {
            TokenState state = state(credential.stateKey());
            if (!isOtherClient(state, credential.config())) {
                return state;
            }
            if (!ownership.isSoleHolder(credential)) {
                throw TokenEndpointException.builder(FailureKind.REJECTED,
                        EngineMessages.format("TokenManager.stateKeyShared", credential.displayName())).build();
            }
            TokenState reset = TokenState.EMPTY;
            persist(credential.stateKey(), reset, new RefreshLogEntry(clock.instant(), trigger, null, false, null, 0,
                    null, null, EngineMessages.format("TokenManager.clientChanged"), 0, null));
            LOGGER.log(Level.INFO, "Credential {0}: the client changed; tokens of the previous client dropped",
                    credential.displayName());
            return reset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The state, or an empty one when it cannot be read, for the requests whose tokens replace
     * whatever it held: a new authorization, or a client credentials grant. The store replaces a
     * damaged file at the next save; a file it cannot read fails that save instead.
     */
    private TokenState stateToReplace(ManagedCredential credential) {
        try {
            return state(credential.stateKey());
        } catch (StateStoreException unreadable) {
            LOGGER.log(Level.WARNING, "Credential {0}: its unreadable token state is replaced: {1}",
                    new Object[] {credential.displayName(), unreadable.getMessage()});
            return TokenState.EMPTY;
        }
    }

    /** An authorization code credential can only be refreshed with a refresh token. */
    private static boolean hasGrantToRun(TokenState state, ClientConfiguration config) {
        return config.grantType() == GrantType.CLIENT_CREDENTIALS
                || (state.tokens() != null && state.tokens().refreshToken() != null);
    }

    private boolean isFresh(TokenState state, ClientConfiguration config, Duration margin, Instant now) {
        return state.tokens() != null
                && !state.tokens().expiresWithin(now, margin)
                && Objects.equals(state.configFingerprint(), config.fingerprint());
    }

    /** Whether automatic requests (on use or on schedule) may call the provider now. */
    private static boolean mayCallProvider(TokenState state, ClientConfiguration config, Instant now) {
        if (state.configFingerprint() != null && !state.configFingerprint().equals(config.fingerprint())) {
            return true;
        }
        if (state.status() == CredentialStatus.NEEDS_REAUTHORIZATION) {
            return false;
        }
        return state.nextAttemptAt() == null || !now.isBefore(state.nextAttemptAt());
    }

    /**
     * Runs one refresh for the credential, or joins the one already running.
     *
     * @param neededMargin for refresh on use: the margin the caller needs; a refresh that
     *     finished just before is enough when it gives that margin. Null to always request.
     */
    private TokenState refreshShared(ManagedCredential credential, RefreshTrigger trigger, Duration neededMargin)
            throws TokenEndpointException, StateStoreException {
        String key = credential.stateKey();
        // A refresh for another configuration (the periodic refresh still holding the one from
        // before an edit) would hand this caller another client's tokens or failure: not joined.
        String flight = key + " " + credential.config().fingerprint();
        CompletableFuture<TokenState> mine = new CompletableFuture<>();
        CompletableFuture<TokenState> running = inFlight.putIfAbsent(flight, mine);
        if (running != null) {
            return await(running);
        }
        try {
            TokenState result;
            ReentrantLock lock = lock(key);
            lock.lock();
            try {
                TokenState stored = credential.config().grantType() == GrantType.CLIENT_CREDENTIALS
                        ? stateToReplace(credential) : state(key);
                TokenState current = isOtherClient(stored, credential.config())
                        ? dropOtherClientTokens(credential, trigger)
                        : stored;
                result = neededMargin != null && isFresh(current, credential.config(), neededMargin, clock.instant())
                        ? current
                        : runGrant(credential, current, trigger);
            } finally {
                lock.unlock();
            }
            mine.complete(result);
            return result;
        } catch (TokenEndpointException | StateStoreException | RuntimeException | Error e) {
            // Errors too (a LinkageError from the HTTP library, say): callers waiting on this
            // refresh would otherwise wait forever.
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(flight, mine);
        }
    }

    private TokenState runGrant(ManagedCredential credential, TokenState state, RefreshTrigger trigger)
            throws TokenEndpointException, StateStoreException {
        ClientConfiguration config = credential.config();
        TokenSet previous = state.tokens();
        if (!hasGrantToRun(state, config)) {
            // Nothing to send: the credential needs an authorization, which only a user can start.
            String key = previous == null ? "TokenManager.notAuthorized" : "TokenManager.noRefreshToken";
            throw TokenEndpointException.builder(FailureKind.NEEDS_REAUTHORIZATION,
                    EngineMessages.format(key, credential.displayName())).build();
        }
        boolean changed = state.configFingerprint() != null && !state.configFingerprint().equals(config.fingerprint());
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        String grant = GrantType.REFRESH_TOKEN;
        try {
            TokenResponse response;
            if (config.grantType() == GrantType.CLIENT_CREDENTIALS) {
                if (previous != null && previous.refreshToken() != null && !changed) {
                    try {
                        response = client.refresh(config, previous.refreshToken());
                    } catch (TokenEndpointException e) {
                        if (e.kind() != FailureKind.NEEDS_REAUTHORIZATION) {
                            throw e;
                        }
                        // A rejected refresh token is no loss here: the client can always run its own grant.
                        previous = previous.withoutRefreshToken();
                        grant = GrantType.CLIENT_CREDENTIALS.wireName();
                        response = client.clientCredentials(config);
                    }
                } else {
                    grant = GrantType.CLIENT_CREDENTIALS.wireName();
                    previous = changed ? null : previous;
                    response = client.clientCredentials(config);
                }
            } else {
                response = client.refresh(config, previous.refreshToken());
            }
            TokenSet tokens = TokenSet.from(response, clock.instant(), previous);
            TokenState next = state.succeeded(tokens, clock.instant(), config.fingerprint());
            persist(credential.stateKey(), next, RefreshLogEntry.success(started, trigger, grant,
                    successNote(previous, response, config), millisSince(t0), tokens.expiresAt()));
            LOGGER.log(Level.FINE, "Refreshed credential {0} ({1}, {2})",
                    new Object[] {credential.displayName(), trigger, grant});
            return next;
        } catch (TokenEndpointException e) {
            // Keep the tokens as they were; only the client credentials fallback above has already
            // dropped a refresh token the provider rejected. A revoked authorization keeps its
            // tokens untouched, so the page can show what was held.
            TokenSet kept = previous != state.tokens() && previous != null ? previous : state.tokens();
            recordFailure(credential, state, kept, trigger, grant, e, started, t0);
            throw e;
        }
    }

    private void recordFailure(ManagedCredential credential, TokenState state, TokenSet kept, RefreshTrigger trigger,
            String grant, TokenEndpointException e, Instant started, long t0) throws StateStoreException {
        ClientConfiguration config = credential.config();
        Instant now = clock.instant();
        boolean revoked = e.kind() == FailureKind.NEEDS_REAUTHORIZATION
                && config.grantType() == GrantType.AUTHORIZATION_CODE;
        CredentialStatus status = revoked ? CredentialStatus.NEEDS_REAUTHORIZATION : CredentialStatus.FAILING;
        Instant retryAt = revoked ? null
                : policy.nextAttempt(now, e.kind(), state.consecutiveFailures() + 1, e.retryAfter());
        FailureSummary failure = new FailureSummary(now, e.kind(),
                e.oauthError() == null ? null : e.oauthError().code(), e.getMessage());
        TokenState failed = state.failed(failure, status, kept, retryAt, config.fingerprint());
        persist(credential.stateKey(), failed, RefreshLogEntry.failure(started, trigger, grant, e, millisSince(t0)));

        boolean stillValid = state.tokens() != null && !state.tokens().isExpired(now);
        if (revoked && state.status() != CredentialStatus.NEEDS_REAUTHORIZATION) {
            LOGGER.log(Level.WARNING, "Credential {0} must be re-authorized: {1}",
                    new Object[] {credential.displayName(), e.getMessage()});
        } else if (!revoked) {
            LOGGER.log(Level.WARNING, "Refresh of credential {0} failed ({1}){2}: {3}", new Object[] {
                credential.displayName(), e.kind(), stillValid ? "; its current token is still served" : "",
                e.getMessage()});
        }
    }

    /** Stores the state, then makes it visible: nobody sees a token that is not yet durable. */
    private void persist(String key, TokenState state, RefreshLogEntry entry) throws StateStoreException {
        try {
            store.save(key, state, entry);
        } finally {
            // Even when the write failed, memory must not fall back to a refresh token the
            // provider may already have rotated away; the write error still reaches the caller.
            cache.put(key, state);
        }
    }

    private static String successNote(TokenSet previous, TokenResponse response, ClientConfiguration config) {
        List<String> notes = new ArrayList<>();
        if (response.refreshToken() != null && previous != null && previous.refreshToken() != null
                && !response.refreshToken().equals(previous.refreshToken())) {
            notes.add(EngineMessages.format("TokenManager.rotated"));
        }
        if (response.scope() != null && !config.scopes().isEmpty()) {
            List<String> granted = Scopes.parse(response.scope());
            List<String> missing = new ArrayList<>(config.scopes());
            missing.removeAll(granted);
            if (!missing.isEmpty()) {
                notes.add(EngineMessages.format("TokenManager.narrowerScope", String.join(" ", missing)));
            }
        }
        if (response.expiresIn() == null) {
            notes.add(EngineMessages.format("TokenManager.expiryUnknown"));
        }
        if (!"Bearer".equals(response.tokenType())) {
            // Kept with its own type; the log says so rather than let it pass for a Bearer token.
            notes.add(EngineMessages.format("TokenManager.unsupportedTokenType", response.tokenType()));
        }
        return notes.isEmpty() ? null : String.join(" ", notes);
    }

    private TokenUnavailableException unavailable(ManagedCredential credential, TokenState state) {
        String name = credential.displayName();
        FailureSummary failure = state.lastFailure();
        String message;
        if (isOtherClient(state, credential.config())) {
            return new TokenUnavailableException(CredentialStatus.FAILING,
                    EngineMessages.format("TokenManager.stateKeyShared", name), null);
        } else if (state.status() == CredentialStatus.NEEDS_REAUTHORIZATION) {
            message = EngineMessages.format("TokenManager.needsReauthorization", name,
                    failure == null || failure.error() == null ? "invalid_grant" : failure.error(),
                    failure == null ? "?" : failure.time().truncatedTo(ChronoUnit.SECONDS));
        } else if (failure != null) {
            message = EngineMessages.format("TokenManager.failing", name,
                    failure.time().truncatedTo(ChronoUnit.SECONDS), failure.message());
        } else if (!hasGrantToRun(state, credential.config())) {
            message = EngineMessages.format(state.tokens() == null ? "TokenManager.notAuthorized"
                    : "TokenManager.noRefreshToken", name);
        } else {
            message = EngineMessages.format("TokenManager.noToken", name);
        }
        return new TokenUnavailableException(state.status(), message, null);
    }

    private static TokenState await(CompletableFuture<TokenState> running)
            throws TokenEndpointException, StateStoreException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TokenEndpointException.builder(FailureKind.TRANSIENT,
                    EngineMessages.format("TokenManager.interrupted")).build(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TokenEndpointException endpoint) {
                throw endpoint;
            }
            if (cause instanceof StateStoreException storage) {
                throw storage;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    private ReentrantLock lock(String key) {
        return locks.computeIfAbsent(key, k -> new ReentrantLock());
    }

    private static long millisSince(long nanoStart) {
        return Duration.ofNanos(System.nanoTime() - nanoStart).toMillis();
    }
}
