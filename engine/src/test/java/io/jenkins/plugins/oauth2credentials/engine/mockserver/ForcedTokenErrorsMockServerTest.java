package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import static io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
import static io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod.CLIENT_SECRET_POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.testing.Jwts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failures forced on mock-oauth2-server's token endpoint by a route in front of its own, between
 * real grants: how each is classified, what the credential's state and log keep, and that the
 * credential recovers with the server's next normal answer.
 */
class ForcedTokenErrorsMockServerTest extends MockServerCase {
    @Test
    void htmlServerErrorIsTransientKeepsServingValidTokenAndRecovers() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_BASIC);
        TokenSet held = engine.manager.accessToken(credential, Duration.ZERO);
        server.forced().enqueue(503, "text/html",
                "<html><body><h1>503 Service Unavailable</h1></body></html>", Map.of());

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.manager.refresh(credential, RefreshTrigger.MANUAL));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertEquals(503, e.httpStatus());
        TokenState failing = engine.manager.state(credential.stateKey());
        assertEquals(CredentialStatus.FAILING, failing.status());
        assertEquals(held, failing.tokens(), "a failed refresh leaves the tokens as they were");
        TokenSet served = engine.manager.accessToken(credential, Duration.ZERO);
        assertEquals(held.accessToken(), served.accessToken());
        assertEquals(1, server.forced().served());

        TokenState recovered = engine.manager.refresh(credential, RefreshTrigger.MANUAL);
        assertEquals(CredentialStatus.HEALTHY, recovered.status());
        assertEquals(0, recovered.consecutiveFailures());
        List<RefreshLogEntry> log = engine.manager.log(credential.stateKey());
        List<Boolean> outcomes = log.stream().map(RefreshLogEntry::succeeded).toList();
        assertEquals(List.of(true, false, true), outcomes);
        assertEquals(503, log.get(1).httpStatus());
    }

    @Test
    void invalidGrantInsideHttp200MakesAuthorizedCredentialNeedReauthorization() throws Exception {
        ManagedCredential credential = engine.authorizationCode("jenkins-app");
        TokenState authorized = engine.authorize(credential);
        // GitHub's way of refusing a refresh token: HTTP 200 with an error member.
        server.forced().enqueueJson(200, """
                {"error": "bad_refresh_token",
                 "error_description": "The refresh token passed is incorrect or expired."}""");

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.manager.refresh(credential, RefreshTrigger.SCHEDULE));

        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        TokenState state = engine.manager.state(credential.stateKey());
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, state.status());
        assertEquals(authorized.tokens().accessToken(), state.tokens().accessToken());
        int requests = engine.transport.count();
        RefreshSummary summary = engine.manager.refreshAllDue(List.of(credential), 1);
        assertEquals(1, summary.needsReauthorization(), summary.toString());
        assertEquals(requests, engine.transport.count());

        // A new authorization clears it, against the real endpoint again.
        assertEquals(CredentialStatus.HEALTHY, engine.authorize(credential).status());
    }

    @Test
    void rateLimitWithRetryAfterHoldsBackAutomaticRefreshForThatLong() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_BASIC);
        engine.manager.accessToken(credential, Duration.ZERO);
        server.forced().enqueue(429, "application/json", "{\"error\":\"slow_down\"}",
                Map.of("Retry-After", "600"));
        Instant before = Instant.now();

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.manager.refresh(credential, RefreshTrigger.SCHEDULE));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertEquals(Duration.ofSeconds(600), e.retryAfter());
        Instant next = engine.manager.state(credential.stateKey()).nextAttemptAt();
        assertFalse(next.isBefore(before.plusSeconds(600)), next.toString());
        assertFalse(engine.manager.isDue(credential));
        RefreshSummary summary = engine.manager.refreshAllDue(List.of(credential), 1);
        assertEquals(1, summary.skipped(), summary.toString());
        assertEquals(2, engine.transport.count(), "no request while held back");
    }

    @Test
    void invalidClientIsRejectedNamingTheAuthenticationMethod() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_POST);
        server.forced().enqueueJson(401, """
                {"error": "invalid_client", "error_description": "bad secret"}""");

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.manager.refresh(credential, RefreshTrigger.MANUAL));

        assertEquals(FailureKind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("client_secret_post"), e.getMessage());
        TokenState state = engine.manager.state(credential.stateKey());
        assertEquals(CredentialStatus.FAILING, state.status());
        assertNull(state.tokens());
        RefreshLogEntry logged = engine.manager.log(credential.stateKey()).get(0);
        assertEquals(401, logged.httpStatus());
        assertEquals("invalid_client", logged.error());
    }

    @Test
    void truncatedJsonIsTransient() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_BASIC);
        server.forced().enqueueJson(200, "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIi");

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.client.clientCredentials(credential.config()));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertFalse(e.getMessage().contains("eyJzdWIi"), e.getMessage());
    }

    @Test
    void errorDescriptionEchoingTheRefreshTokenIsRedactedInMessageAndLog() throws Exception {
        ManagedCredential credential = engine.authorizationCode("jenkins-app");
        TokenState authorized = engine.authorize(credential);
        String refreshToken = authorized.tokens().refreshToken().reveal();
        server.forced().enqueueJson(400, """
                {"error": "invalid_request", "error_description": "bad token %s"}"""
                .formatted(refreshToken));

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> engine.manager.refresh(credential, RefreshTrigger.MANUAL));

        assertFalse(e.getMessage().contains(refreshToken), e.getMessage());
        assertFalse(e.oauthError().description().contains(refreshToken));
        List<RefreshLogEntry> log = engine.manager.log(credential.stateKey());
        RefreshLogEntry logged = log.get(log.size() - 1);
        assertFalse(logged.errorDescription().contains(refreshToken), logged.errorDescription());
        assertFalse(logged.message().contains(refreshToken), logged.message());
    }

    @Test
    void refreshAnswerWithoutRefreshTokenKeepsTheOldOneWhichStillWorks() throws Exception {
        ManagedCredential credential = engine.authorizationCode("jenkins-app");
        TokenState authorized = engine.authorize(credential);
        // No refresh_token, expires_in as a string, token type in lower case.
        server.forced().enqueueJson(200, """
                {"access_token": "forced-access-token-0123456789", "token_type": "bearer",
                 "expires_in": "600"}""");

        Instant before = Instant.now();
        TokenState refreshed = engine.manager.refresh(credential, RefreshTrigger.MANUAL);

        assertEquals("forced-access-token-0123456789", refreshed.tokens().accessToken().reveal());
        assertEquals("Bearer", refreshed.tokens().tokenType());
        assertEquals(authorized.tokens().refreshToken(), refreshed.tokens().refreshToken());
        Instant expiresAt = refreshed.tokens().expiresAt();
        assertNotNull(expiresAt);
        assertFalse(expiresAt.isBefore(before.plusSeconds(600)));
        assertTrue(expiresAt.isBefore(Instant.now().plusSeconds(601)));

        TokenState real = engine.manager.refresh(credential, RefreshTrigger.MANUAL);
        assertEquals(CredentialStatus.HEALTHY, real.status());
        String issuer = Jwts.claims(real.tokens().accessToken()).path("iss").asText();
        assertTrue(issuer.endsWith("/" + MockAuthorizationServer.ISSUER), issuer);
    }
}
