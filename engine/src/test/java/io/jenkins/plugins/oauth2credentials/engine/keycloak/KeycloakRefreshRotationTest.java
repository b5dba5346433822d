package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.authorizationCode;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.authorize;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.credential;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.manager;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.EngineMessages;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refresh against a realm that rotates refresh tokens and detects reuse
 * ({@code revokeRefreshToken: true}, {@code refreshTokenMaxReuse: 0}): each refresh token works
 * once, so losing a rotated one locks the credential out.
 */
class KeycloakRefreshRotationTest extends KeycloakCase {
    @TempDir
    Path staleCopyDir;

    @Test
    void refreshStoresTheRotatedRefreshTokenAndItWorksAfterARestart() throws Exception {
        ManagedCredential credential = credential("keycloak-rotation", authorizationCode(keycloak));
        TokenManager manager = manager(transport, store(stateDir));
        TokenState authorized = authorize(keycloak, manager, credential);
        SecretValue first = authorized.tokens().refreshToken();

        TokenState refreshed = manager.refresh(credential, RefreshTrigger.MANUAL);

        assertEquals(first.reveal(), transport.last().form().get("refresh_token"));
        SecretValue second = refreshed.tokens().refreshToken();
        assertNotEquals(first, second, "Keycloak rotates the refresh token");
        assertNotEquals(authorized.tokens().accessToken(), refreshed.tokens().accessToken());
        TokenState stored = store(stateDir).load(credential.stateKey()).orElseThrow();
        assertEquals(second, stored.tokens().refreshToken());
        RefreshLogEntry entry = last(store(stateDir).loadLog(credential.stateKey()));
        assertEquals("refresh_token", entry.grant());
        String rotated = EngineMessages.format("TokenManager.rotated");
        assertTrue(entry.message().contains(rotated), entry.message());

        // A new manager over the stored state, as after a restart, refreshes with the rotated token.
        TokenManager restarted = manager(transport, store(stateDir));
        TokenState again = restarted.refresh(credential, RefreshTrigger.SCHEDULE);
        assertEquals(second.reveal(), transport.last().form().get("refresh_token"));
        assertEquals(CredentialStatus.HEALTHY, again.status());
        assertNotEquals(second, again.tokens().refreshToken());
    }

    @Test
    void reusingARotatedAwayRefreshTokenNeedsReauthorization() throws Exception {
        ManagedCredential credential = credential("keycloak-reuse", authorizationCode(keycloak));
        FileTokenStateStore current = store(stateDir);
        TokenState authorized = authorize(keycloak, manager(transport, current), credential);
        // A copy of the state from before the rotation: what a controller that lost the rotated
        // refresh token would still hold.
        FileTokenStateStore stale = store(staleCopyDir);
        stale.save(credential.stateKey(), authorized, null);
        manager(transport, current).refresh(credential, RefreshTrigger.MANUAL);
        TokenManager staleManager = manager(transport, stale);

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> staleManager.refresh(credential, RefreshTrigger.SCHEDULE));

        assertEquals(OAuthError.INVALID_GRANT, e.oauthError().code(), e.getMessage());
        assertEquals(400, e.httpStatus());
        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        assertFalse(e.getMessage().contains(authorized.tokens().refreshToken().reveal()));

        TokenState after = stale.load(credential.stateKey()).orElseThrow();
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, after.status());
        assertEquals(OAuthError.INVALID_GRANT, after.lastFailure().error());
        assertEquals(authorized.tokens().refreshToken(), after.tokens().refreshToken(), "state kept");
        assertFalse(staleManager.isDue(credential), "no automatic retries until authorized again");
    }

    private static RefreshLogEntry last(List<RefreshLogEntry> log) {
        assertFalse(log.isEmpty(), "the refresh log is empty");
        return log.get(log.size() - 1);
    }
}
