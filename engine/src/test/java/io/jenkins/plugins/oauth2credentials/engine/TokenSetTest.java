package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenSetTest {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofMinutes(50));

    private static TokenResponse response(String access, String refresh, String scope,
            Long expiresIn) {
        return new TokenResponse(SecretValue.of(access), "Bearer", SecretValue.ofNullable(refresh),
                scope, expiresIn == null ? null : Duration.ofSeconds(expiresIn), null);
    }

    private static TokenSet initial() {
        return new TokenSet(SecretValue.of("AT1"), "Bearer", SecretValue.of("RT1"), "read write",
                T0, T0.plusSeconds(3600), T0.plus(Duration.ofDays(30)));
    }

    @Test
    void fromWhenResponseOmitsRefreshTokenThenPreviousKeptWithItsExpiry() {
        TokenSet merged = TokenSet.from(response("AT2", null, null, 3600L), T1, initial());

        assertEquals("AT2", merged.accessToken().reveal());
        assertEquals("RT1", merged.refreshToken().reveal());
        assertEquals(initial().refreshTokenExpiresAt(), merged.refreshTokenExpiresAt());
        assertEquals("read write", merged.scope());
        assertEquals(T1, merged.obtainedAt());
        assertEquals(T1.plusSeconds(3600), merged.expiresAt());
    }

    @Test
    void fromWhenResponseRotatesRefreshTokenThenNewOneKept() {
        TokenSet merged = TokenSet.from(response("AT2", "RT2", "read", 3600L), T1, initial());

        assertEquals("RT2", merged.refreshToken().reveal());
        assertEquals("read", merged.scope());
    }

    @Test
    void fromWhenNoPreviousAndNoRefreshTokenThenNone() {
        assertNull(TokenSet.from(response("AT2", null, null, 60L), T1, null).refreshToken());
    }

    @Test
    void fromWhenExpiresInMissingThenExpiryUnknownNotEpoch() {
        TokenSet tokens = TokenSet.from(response("AT2", null, null, null), T1, initial());

        assertNull(tokens.expiresAt());
        assertFalse(tokens.isExpired(T1.plus(Duration.ofDays(365))));
    }

    @Test
    void isExpiredWhenAtOrAfterExpiryThenTrue() {
        TokenSet tokens = initial();

        assertFalse(tokens.isExpired(T0.plusSeconds(3599)));
        assertTrue(tokens.isExpired(T0.plusSeconds(3600)));
    }

    @Test
    void expiresWithinWhenInsideMarginThenTrue() {
        TokenSet tokens = initial();

        assertFalse(tokens.expiresWithin(T0.plusSeconds(3539), Duration.ofSeconds(60)));
        assertTrue(tokens.expiresWithin(T0.plusSeconds(3540), Duration.ofSeconds(60)));
    }

    @Test
    void withoutRefreshTokenWhenCalledThenAccessTokenKeptAndRefreshDropped() {
        TokenSet tokens = initial().withoutRefreshToken();

        assertEquals("AT1", tokens.accessToken().reveal());
        assertNull(tokens.refreshToken());
        assertNull(tokens.refreshTokenExpiresAt());
    }

    @Test
    void toStringWhenTokensHeldThenNeitherTokenShown() {
        String text = initial().toString();

        assertFalse(text.contains("AT1"), text);
        assertFalse(text.contains("RT1"), text);
    }
}
