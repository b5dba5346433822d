package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Instant;

/**
 * One line of a credential's refresh log. Holds no secret, token, code, state or verifier:
 * only what an administrator needs to see why a refresh failed.
 *
 * @param time when the attempt started
 * @param trigger why it was made
 * @param grant the {@code grant_type} sent, or null when no request was sent
 * @param succeeded whether a token was obtained
 * @param failureKind null on success
 * @param httpStatus the HTTP status, or 0 when no answer arrived
 * @param error the OAuth error code, or null
 * @param errorDescription the provider's description, redacted, or null
 * @param message a safe one-line account for the administrator
 * @param durationMillis how long the attempt took
 * @param expiresAt the new access token's expiry, or null
 */
public record RefreshLogEntry(Instant time, RefreshTrigger trigger, String grant, boolean succeeded,
        FailureKind failureKind, int httpStatus, String error, String errorDescription, String message,
        long durationMillis, Instant expiresAt) {

    static RefreshLogEntry success(Instant time, RefreshTrigger trigger, String grant, String message,
            long durationMillis, Instant expiresAt) {
        return new RefreshLogEntry(time, trigger, grant, true, null, 200, null, null, message, durationMillis,
                expiresAt);
    }

    static RefreshLogEntry failure(Instant time, RefreshTrigger trigger, String grant, TokenEndpointException e,
            long durationMillis) {
        OAuthError error = e.oauthError();
        return new RefreshLogEntry(time, trigger, grant, false, e.kind(), e.httpStatus(),
                error == null ? null : error.code(), error == null ? null : error.description(),
                e.getMessage(), durationMillis, null);
    }
}
