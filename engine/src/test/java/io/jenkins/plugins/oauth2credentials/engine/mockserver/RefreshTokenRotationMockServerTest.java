package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refresh token rotation, with mock-oauth2-server's {@code rotateRefreshToken} on: every refresh
 * answers a new refresh token and the server refuses the one it replaced.
 */
class RefreshTokenRotationMockServerTest extends MockServerCase {
    @TempDir
    Path backupDir;

    private ManagedCredential credential;

    @Override
    boolean rotatesRefreshTokens() {
        return true;
    }

    @BeforeEach
    void createCredential() {
        credential = engine.authorizationCode("jenkins-app");
    }

    @Test
    void rotatedRefreshTokenIsStoredAndUsedForTheNextRefresh() throws Exception {
        TokenState authorized = engine.authorize(credential);
        Set<SecretValue> refreshTokens = new HashSet<>(Set.of(authorized.tokens().refreshToken()));

        for (int i = 0; i < 3; i++) {
            TokenState refreshed = engine.manager.refresh(credential, RefreshTrigger.MANUAL);
            SecretValue rotated = refreshed.tokens().refreshToken();
            assertTrue(refreshTokens.add(rotated), "refresh " + i + " rotated");
            TokenState onDisk = engine.newManager().state(credential.stateKey());
            assertEquals(rotated, onDisk.tokens().refreshToken());
        }

        List<RefreshLogEntry> log = engine.manager.log(credential.stateKey());
        RefreshLogEntry last = log.get(log.size() - 1);
        assertTrue(last.succeeded());
        assertTrue(last.message().contains("rotated"), last.message());
        assertFalse(last.message().contains(authorized.tokens().refreshToken().reveal()));
    }

    @Test
    void refreshTokenReplacedByRotationIsInvalidGrant() throws Exception {
        SecretValue replaced = engine.authorize(credential).tokens().refreshToken();
        engine.manager.refresh(credential, RefreshTrigger.MANUAL);

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.client.refresh(credential.config(), replaced));

        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        assertEquals("invalid_grant", e.oauthError().code());
        assertFalse(e.getMessage().contains(replaced.reveal()));
    }

    @Test
    void stateRestoredFromBeforeRotationNeedsReauthorizationWhileCurrentOneRefreshes()
            throws Exception {
        engine.authorize(credential);
        // A copy of the state taken before the rotation, as a restored backup would hold.
        FileTokenStateStore backup = new FileTokenStateStore(backupDir, new AesGcmTestCipher());
        TokenState beforeRotation = engine.store.load(credential.stateKey()).orElseThrow();
        backup.save(credential.stateKey(), beforeRotation, null);
        engine.manager.refresh(credential, RefreshTrigger.MANUAL);
        TokenManager restored =
                new TokenManager(engine.client, backup, EngineHarness.POLICY, Clock.systemUTC());

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> restored.refresh(credential, RefreshTrigger.SCHEDULE));

        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        TokenState stale = restored.state(credential.stateKey());
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, stale.status());
        assertFalse(restored.isDue(credential), "no automatic retry of a refused refresh token");
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION,
                backup.load(credential.stateKey()).orElseThrow().status(), "the status is stored");

        TokenState current = engine.manager.refresh(credential, RefreshTrigger.MANUAL);
        assertEquals(CredentialStatus.HEALTHY, current.status());
        assertNotEquals(stale.tokens().refreshToken(), current.tokens().refreshToken());
    }
}
