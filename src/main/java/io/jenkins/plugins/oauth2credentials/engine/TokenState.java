package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Instant;

/**
 * The changing state of one credential: its tokens, its status and when it may next call the
 * provider. Immutable: every change makes a new state, which is stored before it is used. The
 * refresh log is kept beside it in the store, not in memory.
 *
 * @param tokens the current tokens, or null before the first success
 * @param status where the credential stands
 * @param lastFailure the most recent failure, or null after a success
 * @param consecutiveFailures failures since the last success, for backoff
 * @param nextAttemptAt no automatic request before this time, or null when none is held back
 * @param lastSuccessAt when a token was last obtained, or null
 * @param configFingerprint {@link ClientConfiguration#fingerprint()} of the client that obtained
 *     the tokens, so that a changed client clears a standing failure; null before the first attempt
 */
public record TokenState(TokenSet tokens, CredentialStatus status, FailureSummary lastFailure,
        int consecutiveFailures, Instant nextAttemptAt, Instant lastSuccessAt, String configFingerprint) {

    /** The state of a credential that has never obtained a token. */
    public static final TokenState EMPTY =
            new TokenState(null, CredentialStatus.NOT_AUTHORIZED, null, 0, null, null, null);

    /** The state after a token was obtained. */
    TokenState succeeded(TokenSet newTokens, Instant now, String fingerprint) {
        return new TokenState(newTokens, CredentialStatus.HEALTHY, null, 0, null, now, fingerprint);
    }

    /**
     * The state after a failure: tokens are kept exactly as they were (unless the refresh token
     * itself was rejected), and the status follows what the failure means.
     */
    TokenState failed(FailureSummary failure, CredentialStatus newStatus, TokenSet keptTokens, Instant retryAt,
            String fingerprint) {
        return new TokenState(keptTokens, newStatus, failure, consecutiveFailures + 1, retryAt, lastSuccessAt,
                fingerprint);
    }

    @Override
    public String toString() {
        return "TokenState[status=" + status + ", tokens=" + tokens + ", consecutiveFailures=" + consecutiveFailures
                + ", nextAttemptAt=" + nextAttemptAt + "]";
    }
}
