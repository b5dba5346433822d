package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;

/**
 * A successful token response as the provider sent it (RFC 6749 section 5.1), before it is
 * merged into stored state. Missing optional members are null.
 *
 * @param accessToken never null or empty
 * @param tokenType normalized: {@code Bearer} whatever its case on the wire
 * @param refreshToken a new refresh token, or null when the provider sent none
 * @param scope the granted scope exactly as sent, or null
 * @param expiresIn the access token's lifetime, or null when unknown
 * @param refreshTokenExpiresIn the refresh token's lifetime (a GitHub extension), or null
 */
public record TokenResponse(SecretValue accessToken, String tokenType, SecretValue refreshToken, String scope,
        Duration expiresIn, Duration refreshTokenExpiresIn) {}
