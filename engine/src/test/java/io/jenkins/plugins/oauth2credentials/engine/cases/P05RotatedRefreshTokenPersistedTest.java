package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * P05: with refresh token rotation every refresh token is single use, so the new one must be on
 * disk before anyone uses the new access token, and every consumer must read the current one.
 */
class P05RotatedRefreshTokenPersistedTest extends TokenEndpointCase {

    /** Strict rotation: each refresh token works once; presenting a used one is invalid_grant. */
    @BeforeEach
    void stubStrictRotation() {
        treatAsSecret("AT1", "RT1", "AT2", "RT2", "AT3", "RT3");
        server.stubFor(tokenPost().withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(json(200, tokenJson(1))));
        server.stubFor(tokenPost().atPriority(9)
                .withFormParam("grant_type", equalTo("refresh_token"))
                .willReturn(json(400, "{'error':'invalid_grant',"
                        + "'error_description':'refresh_token_not_found'}")));
        for (int n = 1; n <= 2; n++) {
            server.stubFor(tokenPost().atPriority(1).inScenario("rotation")
                    .whenScenarioStateIs(n == 1 ? STARTED : "RT1 used")
                    .withFormParam("refresh_token", equalTo("RT" + n))
                    .willReturn(json(200, tokenJson(n + 1)))
                    .willSetStateTo("RT" + n + " used"));
        }
    }

    private static String tokenJson(int n) {
        return "{'access_token':'AT" + n + "','refresh_token':'RT" + n
                + "','expires_in':3600,'token_type':'Bearer'}";
    }

    @Test
    void P05_rotatedRefreshTokenIsOnDiskWhenRefreshReturnsAndSurvivesRestart() throws Exception {
        ManagedCredential keycloak = credential("keycloak", authorizationCodeConfig().build());
        newManager().completeAuthorization(keycloak, beginAuthorization(keycloak),
                SecretValue.of("code"));
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));

        TokenSet second = newManager().accessToken(keycloak, Duration.ofMinutes(1));

        assertEquals("AT2", second.accessToken().reveal());
        // Read by a separate store: the rotation was durable before AT2 was handed out.
        assertEquals("RT2", stateOnDisk(keycloak).tokens().refreshToken().reveal());

        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        TokenSet third = newManager().accessToken(keycloak, Duration.ofMinutes(1));

        assertEquals("AT3", third.accessToken().reveal());
        assertEquals("RT3", stateOnDisk(keycloak).tokens().refreshToken().reveal());
        assertEquals(List.of("RT1", "RT2"), refreshTokensSent());
        assertTrue(logOnDisk(keycloak).stream().allMatch(RefreshLogEntry::succeeded),
                "no invalid_grant");
    }

    @Test
    void P05_failedWriteNeverLeavesNewAccessTokenWithOldRefreshToken() throws Exception {
        ManagedCredential keycloak = credential("keycloak", authorizationCodeConfig().build());
        TokenSet seeded = tokens("AT1", "RT1", Duration.ofSeconds(30));
        seed(keycloak, seeded);
        TokenManager manager = newManager();
        cipher.failSeal(true);

        // The caller that triggered the refresh does not get AT2 while it is not durable.
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> manager.accessToken(keycloak, Duration.ofMinutes(1)));

        assertTrue(e.getCause() instanceof StateStoreException, String.valueOf(e.getCause()));
        cipher.failSeal(false);
        assertTokensUnchanged(keycloak, seeded);
        try (Stream<Path> files = Files.list(stateDir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(List.of("keycloak-key.state"), names, "no half-written file left behind");
        }
        assertEquals(List.of("RT1"), refreshTokensSent());
    }

    @Test
    void P05_everyConsumerUsesTheCurrentRefreshToken() throws Exception {
        ManagedCredential keycloak = credential("keycloak", authorizationCodeConfig().build());
        seed(keycloak, tokens("AT1", "RT1", Duration.ofHours(1)));
        TokenManager manager = newManager();

        // "Refresh now", then the periodic refresh, then a build.
        assertEquals("AT2", refreshed(manager, keycloak, RefreshTrigger.MANUAL));
        RefreshSummary summary = manager.refreshAllDue(List.of(keycloak), 2);
        TokenSet forBuild = manager.accessToken(keycloak, Duration.ofMinutes(5));

        assertEquals(1, summary.refreshed());
        assertEquals("AT3", forBuild.accessToken().reveal());
        assertEquals(List.of("RT1", "RT2"), refreshTokensSent());
        assertNull(stateOnDisk(keycloak).lastFailure());
    }

    private List<String> refreshTokensSent() {
        return assertTokenRequests(requests().size()).stream()
                .map(TokenEndpointCase::formOf)
                .filter(form -> "refresh_token".equals(form.get("grant_type")))
                .map(form -> form.get("refresh_token"))
                .toList();
    }
}
