package io.jenkins.plugins.oauth2credentials.engine;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The authorizations users have started and not yet finished, keyed by state value, so that
 * several can run at once (two tabs, two credentials). A state has 256 random bits, is single
 * use, expires, and is bound to the user and credential that started it; the callback redeems
 * it before any token request is made. Held in memory: a restart forgets pending authorizations,
 * and the user starts again.
 *
 * <p>Tunables, system properties prefixed with this class's name: {@code .lifetimeSeconds}
 * (600) and {@code .maxPending} (1000, the oldest are dropped beyond it); a user's own oldest
 * are dropped beyond 20.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-10.12">RFC 6749 section 10.12</a>
 */
public final class PendingAuthorizations {
    private final Clock clock;
    private final Duration lifetime;
    /** Authorizations one user may have pending at once: more tabs than anyone keeps open. */
    static final int MAX_PER_USER = 20;

    private final int maxPending;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AuthorizationRequest> pending = new ConcurrentHashMap<>();

    public PendingAuthorizations(Clock clock) {
        this(clock, Tunables.seconds(PendingAuthorizations.class, "lifetimeSeconds", 600, 1),
                Tunables.integer(PendingAuthorizations.class, "maxPending", 1000, 1));
    }

    public PendingAuthorizations(Clock clock, Duration lifetime, int maxPending) {
        this.clock = clock;
        this.lifetime = lifetime;
        // At least one: purge() drops the oldest until there is room, which 0 would never give.
        this.maxPending = Math.max(1, maxPending);
    }

    /**
     * Starts an authorization: a new state and PKCE verifier, and the URL to send the user to.
     *
     * @param redirectUri the callback URL registered at the provider
     */
    public AuthorizationRequest begin(ClientConfiguration config, String credentialKey, String userName,
            String redirectUri) {
        if (config.grantType() != GrantType.AUTHORIZATION_CODE || config.authorizationUrl() == null) {
            throw new IllegalArgumentException(EngineMessages.format("PendingAuthorizations.notAuthorizationCode"));
        }
        Instant now = clock.instant();
        purge(now, userName);
        SecretValue state = SecretValue.of(RandomTokens.base64Url(random, 32));
        SecretValue verifier = Pkce.newVerifier(random);

        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", config.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", config.scopeParameter());
        query.put("state", state.reveal());
        query.put("code_challenge", Pkce.challenge(verifier));
        query.put("code_challenge_method", Pkce.METHOD);
        config.authorizationParameters().forEach(query::putIfAbsent);

        AuthorizationRequest request = new AuthorizationRequest(state, verifier, redirectUri, credentialKey, userName,
                now, now.plus(lifetime), withQuery(config.authorizationUrl(), FormEncoding.encode(query)),
                config.fingerprint());
        pending.put(state.reveal(), request);
        return request;
    }

    /**
     * Redeems a state from a callback. The state is consumed whatever the outcome, so it can
     * never be tried twice.
     *
     * @param userName the user whose browser made the callback
     * @param credentialKey the credential the callback is for, or null when the callback does not say
     * @throws AuthorizationRejectedException when the state is unknown, used, expired, or bound
     *     to another user or credential
     */
    public AuthorizationRequest redeem(String state, String userName, String credentialKey)
            throws AuthorizationRejectedException {
        AuthorizationRequest request = state == null ? null : pending.remove(state);
        if (request == null) {
            throw new AuthorizationRejectedException(AuthorizationRejectedException.Reason.UNKNOWN_STATE, null);
        }
        if (!clock.instant().isBefore(request.expiresAt())) {
            throw new AuthorizationRejectedException(AuthorizationRejectedException.Reason.EXPIRED,
                    request.credentialKey());
        }
        if (!Objects.equals(request.userName(), userName)) {
            throw new AuthorizationRejectedException(AuthorizationRejectedException.Reason.OTHER_USER,
                    request.credentialKey());
        }
        if (credentialKey != null && !credentialKey.equals(request.credentialKey())) {
            throw new AuthorizationRejectedException(AuthorizationRejectedException.Reason.OTHER_CREDENTIAL,
                    request.credentialKey());
        }
        return request;
    }

    /** How many authorizations are pending now. */
    public int size() {
        return pending.size();
    }

    /**
     * Drops expired authorizations, then the user's own oldest beyond {@link #MAX_PER_USER}, so
     * that one user pressing Authorize again and again cannot push out everyone else's; the
     * global cap is a last resort.
     */
    private void purge(Instant now, String userName) {
        pending.values().removeIf(request -> !now.isBefore(request.expiresAt()));
        dropOldestWhile(request -> Objects.equals(request.userName(), userName), MAX_PER_USER);
        dropOldestWhile(request -> true, maxPending);
    }

    private void dropOldestWhile(Predicate<AuthorizationRequest> counted, int limit) {
        while (pending.values().stream().filter(counted).count() >= limit) {
            pending.values().stream()
                    .filter(counted)
                    .min(Comparator.comparing(AuthorizationRequest::createdAt))
                    .ifPresent(oldest -> pending.remove(oldest.state().reveal()));
        }
    }

    private static URI withQuery(URI endpoint, String query) {
        String base = endpoint.toString();
        String separator = endpoint.getRawQuery() == null ? "?" : (base.endsWith("&") ? "" : "&");
        return URI.create(base + separator + query);
    }
}
