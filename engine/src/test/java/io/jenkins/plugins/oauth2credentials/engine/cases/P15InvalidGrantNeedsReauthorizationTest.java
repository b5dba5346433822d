package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * P15: {@code invalid_grant} on refresh is final for that refresh token: stop, say once that an
 * administrator must authorize again, and resume after they do. Contrasted with a transient
 * outage and with a rejected client secret.
 */
class P15InvalidGrantNeedsReauthorizationTest extends TokenEndpointCase {
    private static final String GOOGLE = "{'error':'invalid_grant',"
            + "'error_description':'Token has been expired or revoked.'}";
    private static final String ENTRA = "{'error':'invalid_grant','error_description':"
            + "'AADSTS700082: The refresh token has expired due to inactivity. ...',"
            + "'error_codes':[700082]}";
    private static final String ENTRA_SCOPES = "offline_access api://jenkins/.default";

    static Stream<Arguments> revokedGrants() {
        return Stream.of(Arguments.of("A Google", GOOGLE, "Token has been expired or revoked."),
                Arguments.of("B Entra", ENTRA, "AADSTS700082"));
    }

    private TokenSet seededTokens;

    private ManagedCredential seeded(ClientConfiguration.Builder config, Duration validFor)
            throws Exception {
        treatAsSecret("AT1", "RT1", "AT2", "RT2", "AT3", "RT3");
        ManagedCredential credential = credential("google", config.build());
        seededTokens = tokens("AT1", "RT1", validFor);
        seed(credential, seededTokens);
        return credential;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revokedGrants")
    void P15_invalidGrantStopsRefreshesAndAsksForReauthorization(String variant, String answer,
            String described) throws Exception {
        server.stubFor(tokenPost().willReturn(json(400, answer)));
        ManagedCredential google =
                seeded(authorizationCodeConfig().scopes(ENTRA_SCOPES), Duration.ofMinutes(1));
        TokenManager manager = newManager();
        Instant failedAt = clock.instant();

        assertEquals(1, manager.refreshAllDue(List.of(google), 1).needsReauthorization());

        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, stateOnDisk(google).status());
        assertFalse(manager.isDue(google));
        clock.advance(Duration.ofHours(3));
        RefreshSummary later = manager.refreshAllDue(List.of(google), 1);
        assertEquals(1, later.needsReauthorization());
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> manager.accessToken(google, Duration.ZERO));
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, e.status());
        assertTrue(e.getMessage().contains("google") && e.getMessage().contains("re-authorized")
                && e.getMessage().contains("invalid_grant at " + failedAt), e.getMessage());

        assertEquals(ENTRA_SCOPES, formOf(assertTokenRequests(1).get(0)).get("scope"));
        List<RefreshLogEntry> log = logOnDisk(google);
        assertEquals(1, log.size(), "one log entry, however often it is asked");
        assertEquals("invalid_grant", log.get(0).error());
        String description = log.get(0).errorDescription();
        assertTrue(description.contains(described), description);
        assertEquals(failedAt, log.get(0).time());
        List<String> warnings = engineLog.warnings();
        assertEquals(1, warnings.stream().filter(w -> w.contains("re-authorized")).count(),
                "logged once: " + warnings);
    }

    @Test
    void P15_reauthorizationClearsTheStateAndResumesTheSchedule() throws Exception {
        server.stubFor(tokenPost().withFormParam("refresh_token", equalTo("RT1"))
                .willReturn(json(400, GOOGLE)));
        server.stubFor(tokenPost().withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(json(200, "{'access_token':'AT2','refresh_token':'RT2'}")));
        server.stubFor(tokenPost().withFormParam("refresh_token", equalTo("RT2"))
                .willReturn(json(200, "{'access_token':'AT3','refresh_token':'RT3'}")));
        ManagedCredential google = seeded(authorizationCodeConfig(), Duration.ofMinutes(1));
        TokenManager manager = newManager();
        manager.refreshAllDue(List.of(google), 1);

        TokenState authorized = manager.completeAuthorization(google, beginAuthorization(google),
                SecretValue.of("new-code"));

        assertEquals(CredentialStatus.HEALTHY, authorized.status());
        assertNull(authorized.lastFailure());
        assertTrue(manager.isDue(google));
        assertEquals(1, manager.refreshAllDue(List.of(google), 1).refreshed());
        assertEquals("AT3", served(manager, google, Duration.ofMinutes(5)));
        assertTokenRequests(3);
    }

    @Test
    void P15_serviceUnavailableIsTransientKeepsTokensAndHonoursRetryAfter() throws Exception {
        server.stubFor(tokenPost().willReturn(html(503, "<html>Service Unavailable</html>")
                .withHeader("Retry-After", "30")));
        ManagedCredential google = seeded(authorizationCodeConfig(), Duration.ofMinutes(10));
        // A one-second backoff base, so the 30 seconds can only come from Retry-After.
        RefreshPolicy quickBackoff = new RefreshPolicy(Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofMinutes(30));
        TokenManager manager = new TokenManager(client, store(), quickBackoff, clock);
        Instant failedAt = clock.instant();

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.refresh(google, RefreshTrigger.SCHEDULE));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
        TokenState state = stateOnDisk(google);
        assertEquals(CredentialStatus.FAILING, state.status());
        assertEquals(failedAt.plusSeconds(30), state.nextAttemptAt());
        assertEquals(seededTokens, state.tokens());
        clock.advance(Duration.ofSeconds(29));
        assertFalse(manager.isDue(google));
        assertEquals("AT1", served(manager, google, Duration.ofMinutes(20)));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(manager.isDue(google));
        assertTokenRequests(1);
    }

    @Test
    void P15_rejectedClientSecretIsConfigurationErrorWithoutRetryStorm() throws Exception {
        server.stubFor(tokenPost().willReturn(json(401, "{'error':'invalid_client',"
                + "'error_description':'Unauthorized'}")));
        ManagedCredential google = seeded(authorizationCodeConfig(), Duration.ofMinutes(10));
        TokenManager manager = newManager();
        Instant failedAt = clock.instant();

        assertEquals(1, manager.refreshAllDue(List.of(google), 1).failed());

        TokenState state = stateOnDisk(google);
        assertEquals(CredentialStatus.FAILING, state.status(), "not a re-authorization");
        assertEquals(FailureKind.REJECTED, state.lastFailure().kind());
        assertTrue(state.lastFailure().message().contains("Check the client ID, the client secret"),
                state.lastFailure().message());
        assertEquals(failedAt.plus(policy.backoffMax()), state.nextAttemptAt());
        assertEquals(seededTokens, state.tokens());
        for (int run = 0; run < 5; run++) {
            clock.advance(Duration.ofMinutes(5));
            manager.refreshAllDue(List.of(google), 1);
        }
        assertTokenRequests(1);
    }
}
