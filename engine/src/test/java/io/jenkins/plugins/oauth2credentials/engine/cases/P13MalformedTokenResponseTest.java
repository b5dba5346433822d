package io.jenkins.plugins.oauth2credentials.engine.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * P13: HTML pages, gateway errors, empty successes and truncated JSON must leave the stored
 * credential exactly as it was, be classified, logged and retried with backoff.
 */
class P13MalformedTokenResponseTest extends TokenEndpointCase {
    private static final String WAF_PAGE = "<!DOCTYPE html><html><head>"
            + "<title>Request blocked</title></head><body>Request ID 4f1c2a</body></html>";
    private static final String BAD_GATEWAY = "<html><body><h1>502 Bad Gateway</h1></body></html>";

    private ManagedCredential credential;
    private TokenSet seeded;

    private void seedAt1ValidFor20Minutes() throws Exception {
        treatAsSecret("AT1", "RT1", "AT2");
        credential = credential("api", authorizationCodeConfig().build());
        seeded = tokens("AT1", "RT1", Duration.ofMinutes(20));
        seed(credential, seeded);
    }

    static Stream<Arguments> badAnswers() {
        return Stream.of(
                Arguments.of("A WAF page with JSON content type", json(200, WAF_PAGE), 200),
                Arguments.of("B gateway error", html(502, BAD_GATEWAY), 502),
                Arguments.of("C 200 without token", json(200, "{}"), 200),
                Arguments.of("D server_error", json(500, "{'error':'server_error'}"), 500),
                Arguments.of("E truncated JSON", json(200, "{'access_token':'AT2','tok"), 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAnswers")
    void P13_badAnswerLeavesStoredCredentialUnchangedAndIsTransient(String variant,
            ResponseDefinitionBuilder answer, int status) throws Exception {
        seedAt1ValidFor20Minutes();
        server.stubFor(tokenPost().willReturn(answer));
        TokenManager manager = newManager();

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.refresh(credential, RefreshTrigger.SCHEDULE));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertEquals(status, e.httpStatus());
        // Unchanged, and still loads after a restart.
        assertTokensUnchanged(credential, seeded);
        TokenState restarted = stateOnDisk(credential);
        assertEquals(CredentialStatus.FAILING, restarted.status());
        assertNotNull(restarted.nextAttemptAt(), "retried later");
        // Builds keep getting AT1 while it is valid, even when they ask for more than it has left.
        assertEquals("AT1", served(newManager(), credential, Duration.ofMinutes(30)));

        RefreshLogEntry entry = logOnDisk(credential).get(0);
        assertFalse(entry.succeeded());
        assertEquals(FailureKind.TRANSIENT, entry.failureKind());
        assertEquals(status, entry.httpStatus());
        assertTrue(entry.message().contains(String.valueOf(status)), entry.message());
        assertFalse(entry.message().contains("AT2"), entry.message());
        assertEquals(Map.of("grant_type", "refresh_token", "refresh_token", "RT1",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET),
                formOf(assertTokenRequests(1).get(0)));
    }

    @Test
    void P13_htmlPageIsQuotedInLogWithTokenLikeTextRedacted() throws Exception {
        seedAt1ValidFor20Minutes();
        String leaked = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqZW5raW5zIn0.c2lnbmF0dXJl";
        treatAsSecret(leaked);
        server.stubFor(tokenPost().willReturn(html(403,
                "<html><body><h1>Access denied</h1><p>session " + leaked + " RT1</p></body></html>")));

        assertThrows(TokenEndpointException.class,
                () -> newManager().refresh(credential, RefreshTrigger.SCHEDULE));

        String message = logOnDisk(credential).get(0).message();
        assertTrue(message.contains("Access denied"), message);
        assertFalse(message.contains(leaked), message);
        assertFalse(message.contains("RT1"), "the refresh token sent is redacted: " + message);
        assertFalse(message.contains("<h1>"), message);
        assertTokenRequests(1);
    }

    @Test
    void P13_repeatedTransientFailuresBackOffExponentially() throws Exception {
        seedAt1ValidFor20Minutes();
        server.stubFor(tokenPost().willReturn(html(502, BAD_GATEWAY)));
        TokenManager manager = newManager();

        long[] expectedSeconds = {30, 60, 120};
        for (int attempt = 0; attempt < expectedSeconds.length; attempt++) {
            Instant failedAt = clock.instant();
            RefreshSummary summary = manager.refreshAllDue(List.of(credential), 1);
            assertEquals(1, summary.failed());

            Duration delay = Duration.between(failedAt, stateOnDisk(credential).nextAttemptAt());
            // The policy adds up to 20% jitter either way.
            long base = expectedSeconds[attempt] * 1000;
            long millis = delay.toMillis();
            assertTrue(millis >= base * 8 / 10 && millis <= base * 12 / 10, delay.toString());
            assertEquals(1, manager.refreshAllDue(List.of(credential), 1).skipped(),
                    "no request before then");
            clock.set(failedAt.plus(delay));
        }
        assertEquals(3, stateOnDisk(credential).consecutiveFailures());
        assertTokenRequests(3);
    }

    @Test
    void P13_expiredTokenWithFailingRefreshGivesExplicitErrorNotStaleToken() throws Exception {
        seedAt1ValidFor20Minutes();
        server.stubFor(tokenPost().willReturn(json(200, "{}")));
        TokenManager manager = newManager();
        clock.advance(Duration.ofMinutes(19).plusSeconds(30));
        assertEquals("AT1", manager.accessToken(credential, Duration.ZERO).accessToken().reveal());

        clock.advance(Duration.ofMinutes(1));
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> manager.accessToken(credential, Duration.ZERO));

        assertEquals(CredentialStatus.FAILING, e.status());
        assertTrue(e.getMessage().contains("api"), "names the credential: " + e.getMessage());
        assertTrue(e.getMessage().contains("access_token"), "names the failure: " + e.getMessage());
        assertFalse(e.getMessage().contains("AT1"), e.getMessage());
    }
}
