package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRejectedException;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import io.jenkins.plugins.oauth2credentials.engine.testing.RecordingTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization code grant with PKCE, and refresh, against mock-oauth2-server: the
 * authorization URI built by the engine is sent to the server's authorize endpoint, the code
 * that comes back is exchanged, and the refresh token is used.
 */
class AuthorizationCodeMockServerTest extends MockServerCase {
    private ManagedCredential credential;

    @BeforeEach
    void createCredential() {
        credential = engine.authorizationCode("jenkins-app");
    }

    @Test
    void authorizeEndpointRedirectsToCallbackWithCodeAndTheIssuedState() throws Exception {
        AuthorizationRequest request = engine.begin(credential);
        Map<String, String> sentQuery =
                FormEncoding.decode(request.authorizationUri().getRawQuery());
        assertEquals("S256", sentQuery.get("code_challenge_method"));
        assertEquals(server.redirectUri(), sentQuery.get("redirect_uri"));

        EngineHarness.Callback callback = engine.visit(request);

        assertEquals(302, callback.status());
        assertTrue(callback.location().toString().startsWith(server.redirectUri() + "?"),
                callback.location().getPath());
        assertNotNull(callback.query().get("code"));
        assertEquals(request.state().reveal(), callback.state());
        assertSame(request, engine.redeem(callback, credential));
        AuthorizationRejectedException replay = assertThrows(AuthorizationRejectedException.class,
                () -> engine.redeem(callback, credential));
        assertEquals(AuthorizationRejectedException.Reason.UNKNOWN_STATE, replay.reason());
        assertEquals(0, engine.transport.count(), "no token request before the state is redeemed");
    }

    @Test
    void codeExchangeStoresTokensAndServesThemWithoutAnotherRequest() throws Exception {
        TokenState state = engine.authorize(credential);

        assertEquals(CredentialStatus.HEALTHY, state.status());
        assertNotNull(state.tokens().refreshToken(), "issued with the code");
        assertNotNull(state.tokens().expiresAt());
        RecordingTransport.Sent exchange = engine.transport.last();
        assertEquals("authorization_code", exchange.form().get("grant_type"));
        assertEquals(server.redirectUri(), exchange.form().get("redirect_uri"));
        assertNotNull(exchange.form().get("code_verifier"));

        TokenSet served = engine.newManager().accessToken(credential, Duration.ofMinutes(5));
        assertEquals(state.tokens().accessToken(), served.accessToken());
        assertEquals(1, engine.transport.count());
        List<RefreshLogEntry> log = engine.manager.log(credential.stateKey());
        assertEquals(1, log.size());
        assertEquals(RefreshTrigger.AUTHORIZATION, log.get(0).trigger());
        assertTrue(log.get(0).message().contains(EngineHarness.USER), log.get(0).message());
    }

    @Test
    void codeWithAnotherAuthorizationsVerifierIsInvalidGrantAndStoresNothing() throws Exception {
        AuthorizationRequest first = engine.begin(credential);
        AuthorizationRequest second = engine.begin(credential);
        EngineHarness.Callback callback = engine.visit(first);
        engine.redeem(callback, credential);

        // The server checks a verifier that is sent against the challenge; this one is second's.
        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.manager.completeAuthorization(credential, second, callback.code()));

        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        assertEquals("invalid_grant", e.oauthError().code());
        assertEquals(400, e.httpStatus());
        TokenState state = engine.manager.state(credential.stateKey());
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state.status());
        assertNull(state.tokens());
        RefreshLogEntry logged = engine.manager.log(credential.stateKey()).get(0);
        assertFalse(logged.succeeded());
        assertEquals("invalid_grant", logged.error());
    }

    @Test
    void replayedCodeIsInvalidGrantAndKeepsTheTokensOfTheFirstExchange() throws Exception {
        AuthorizationRequest request = engine.begin(credential);
        EngineHarness.Callback callback = engine.visit(request);
        engine.redeem(callback, credential);
        SecretValue code = callback.code();
        TokenState first = engine.manager.completeAuthorization(credential, request, code);

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.manager.completeAuthorization(credential, request, code));

        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        assertFalse(e.getMessage().contains(code.reveal()), "no code in the message");
        TokenState kept = engine.newManager().state(credential.stateKey());
        assertEquals(CredentialStatus.HEALTHY, kept.status());
        assertEquals(first.tokens().accessToken(), kept.tokens().accessToken());
        assertEquals(first.tokens().refreshToken(), kept.tokens().refreshToken());
    }

    @Test
    void refreshGetsNewAccessTokenAndKeepsTheUnrotatedRefreshToken() throws Exception {
        TokenState authorized = engine.authorize(credential);

        TokenState refreshed = engine.manager.refresh(credential, RefreshTrigger.MANUAL);

        assertNotEquals(authorized.tokens().accessToken(), refreshed.tokens().accessToken());
        assertEquals(authorized.tokens().refreshToken(), refreshed.tokens().refreshToken());
        RecordingTransport.Sent sent = engine.transport.last();
        assertEquals("refresh_token", sent.form().get("grant_type"));
        assertEquals("openid offline_access", sent.form().get("scope"));
        TokenState reloaded = engine.newManager().state(credential.stateKey());
        assertEquals(refreshed.tokens().accessToken(), reloaded.tokens().accessToken());
        // And the kept refresh token still works at the server.
        engine.manager.refresh(credential, RefreshTrigger.MANUAL);
        assertEquals(3, engine.transport.count());
    }

    @Test
    void scheduledRefreshRenewsAuthorizedCredentialAndSkipsUnauthorizedOne() throws Exception {
        engine.authorize(credential);
        ManagedCredential neverAuthorized = engine.authorizationCode("other-app");

        RefreshSummary summary =
                engine.manager.refreshAllDue(List.of(credential, neverAuthorized), 2);

        assertEquals(1, summary.refreshed(), summary.toString());
        assertEquals(1, summary.skipped(), summary.toString());
        assertEquals(2, engine.transport.count(), "the code exchange and one refresh");
        List<RefreshLogEntry> log = engine.manager.log(credential.stateKey());
        assertEquals(RefreshTrigger.SCHEDULE, log.get(log.size() - 1).trigger());
        assertEquals("refresh_token", log.get(log.size() - 1).grant());
    }

    @Test
    void refreshTokenTheServerNeverIssuedMakesCredentialNeedReauthorization() throws Exception {
        TokenState authorized = engine.authorize(credential);
        // A stored state with a refresh token the server does not know, as after a server reset.
        Instant now = Instant.now();
        TokenSet stale = new TokenSet(authorized.tokens().accessToken(), "Bearer",
                SecretValue.of("never-issued-" + now.toEpochMilli()), null, now.minusSeconds(7200),
                now.minusSeconds(3600), null);
        TokenState stored = new TokenState(stale, CredentialStatus.HEALTHY, null, 0, null,
                now.minusSeconds(7200), credential.config().fingerprint());
        engine.store.save(credential.stateKey(), stored, null);
        var manager = engine.newManager();

        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> manager.accessToken(credential, Duration.ZERO));

        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, e.status());
        assertFalse(manager.isDue(credential));
        int requests = engine.transport.count();
        RefreshSummary summary = manager.refreshAllDue(List.of(credential), 1);
        assertEquals(1, summary.needsReauthorization(), summary.toString());
        assertEquals(requests, engine.transport.count(), "no request sent");
        List<RefreshLogEntry> log = manager.log(credential.stateKey());
        assertEquals("invalid_grant", log.get(log.size() - 1).error());
    }
}
