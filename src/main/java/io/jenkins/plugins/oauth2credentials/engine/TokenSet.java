package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The tokens a credential holds now. Expiry is computed from the local time the response was
 * received plus {@code expires_in}; a response without {@code expires_in} gives an unknown
 * (null) expiry, never the epoch.
 *
 * @param accessToken never null
 * @param tokenType {@code Bearer} unless the provider named another type
 * @param refreshToken null when the provider never issued one
 * @param scope the granted scope as the provider sent it, or null
 * @param obtainedAt when the access token was received
 * @param expiresAt when the access token expires, or null when unknown
 * @param refreshTokenExpiresAt when the refresh token expires, or null when unknown
 */
public record TokenSet(SecretValue accessToken, String tokenType, SecretValue refreshToken, String scope,
        Instant obtainedAt, Instant expiresAt, Instant refreshTokenExpiresAt) {

    /**
     * Merges a token response into the tokens held before it. A response without a refresh
     * token keeps the previous one (RFC 6749 section 6 lets the server omit it); a response
     * without a scope keeps the previous scope.
     */
    public static TokenSet from(TokenResponse response, Instant receivedAt, TokenSet previous) {
        SecretValue refreshToken = response.refreshToken();
        Instant refreshTokenExpiresAt = plus(receivedAt, response.refreshTokenExpiresIn());
        if (refreshToken == null && previous != null) {
            refreshToken = previous.refreshToken();
            refreshTokenExpiresAt = previous.refreshTokenExpiresAt();
        }
        String scope = response.scope() == null && previous != null ? previous.scope() : response.scope();
        return new TokenSet(response.accessToken(), response.tokenType(), refreshToken, scope, receivedAt,
                plus(receivedAt, response.expiresIn()), refreshTokenExpiresAt);
    }

    /** True when the access token's expiry is known and has passed. */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** True when the expiry is known and less than {@code margin} away (or past). */
    public boolean expiresWithin(Instant now, Duration margin) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }

    /** A copy without the refresh token, for a refresh token the provider has rejected. */
    public TokenSet withoutRefreshToken() {
        return new TokenSet(accessToken, tokenType, null, scope, obtainedAt, expiresAt, null);
    }

    private static Instant plus(Instant instant, Duration duration) {
        return duration == null ? null : instant.plus(duration);
    }

    @Override
    public String toString() {
        return "TokenSet[tokenType=" + tokenType + ", refreshToken=" + (refreshToken == null ? "none" : "****")
                + ", scope=" + scope + ", obtainedAt=" + obtainedAt + ", expiresAt=" + expiresAt + "]";
    }
}
