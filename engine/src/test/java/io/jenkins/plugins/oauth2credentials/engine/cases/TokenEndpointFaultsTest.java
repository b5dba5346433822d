package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OversizedResponseException;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Network and server faults at the token endpoint: each is a transient failure that leaves the
 * stored tokens exactly as they were and keeps the still-valid access token in service.
 */
class TokenEndpointFaultsTest extends TokenEndpointCase {
    private static final int SMALL_LIMIT = 4096;

    private ManagedCredential credential;
    private TokenSet seeded;

    @BeforeEach
    void seedValidTokens() throws Exception {
        treatAsSecret("AT1", "RT1", "AT2", "RT2");
        credential = credential("api", authorizationCodeConfig().build());
        seeded = tokens("AT1", "RT1", Duration.ofMinutes(20));
        seed(credential, seeded);
    }

    /** Runs a refresh through the given client, expects a transient failure and returns it. */
    private TokenEndpointException failedRefresh(TokenEndpointClient via) throws Exception {
        TokenManager manager = new TokenManager(via, store(), policy, clock);
        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.refresh(credential, RefreshTrigger.SCHEDULE));

        assertEquals(FailureKind.TRANSIENT, e.kind(), e.getMessage());
        assertTokensUnchanged(credential, seeded);
        assertEquals(CredentialStatus.FAILING, stateOnDisk(credential).status());
        assertEquals("AT1", served(manager, credential, Duration.ofMinutes(5)));
        RefreshLogEntry entry = logOnDisk(credential).get(0);
        assertFalse(entry.succeeded());
        assertEquals(FailureKind.TRANSIENT, entry.failureKind());
        return e;
    }

    @Test
    void htmlServerErrorPageIsTransientAndKeepsTokens() throws Exception {
        server.stubFor(tokenPost().willReturn(html(500,
                "<html><head><title>500</title></head><body>Internal Server Error</body></html>")));

        TokenEndpointException e = failedRefresh(client);

        assertEquals(500, e.httpStatus());
        assertEquals("text/html", e.contentType());
        assertTrue(e.bodyExcerpt().contains("Internal Server Error"), e.bodyExcerpt());
        assertTokenRequests(1);
    }

    @Test
    void readTimeoutIsTransientAndKeepsTokens() throws Exception {
        server.stubFor(tokenPost()
                .willReturn(json(200, "{'access_token':'AT2'}").withFixedDelay(1_500)));
        try (ScribeJavaTransport impatient = new ScribeJavaTransport(1_000, 250, SMALL_LIMIT)) {
            long started = System.nanoTime();

            TokenEndpointException e = failedRefresh(new TokenEndpointClient(impatient));

            long waitedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(waitedMillis < 1_400, "gave up at the timeout, not after " + waitedMillis);
            assertEquals(0, e.httpStatus());
            assertTrue(e.getMessage().contains(tokenUrl()), e.getMessage());
        }
        assertTokenRequests(1);
    }

    static Stream<Arguments> brokenConnections() {
        return Stream.of(Arguments.of(Fault.CONNECTION_RESET_BY_PEER),
                Arguments.of(Fault.EMPTY_RESPONSE),
                Arguments.of(Fault.RANDOM_DATA_THEN_CLOSE),
                Arguments.of(Fault.MALFORMED_RESPONSE_CHUNK));
    }

    @ParameterizedTest
    @MethodSource("brokenConnections")
    void brokenConnectionIsTransientAndKeepsTokens(Fault fault) throws Exception {
        server.stubFor(tokenPost().willReturn(aResponse().withFault(fault)));

        TokenEndpointException e = failedRefresh(client);

        assertEquals(0, e.httpStatus(), "no HTTP answer to report");
        assertTrue(e.getMessage().contains(tokenUrl()), e.getMessage());
        // The JDK resends a POST once when the connection dies before any answer (a known gap
        // of the transport, see ScribeJavaTransport); never more than that.
        int sent = requests().size();
        assertTrue(sent == 1 || sent == 2, sent + " requests");
        assertTokenRequests(sent);
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("empty body", json(200, "")),
                Arguments.of("truncated JSON", json(200, "{'access_token':'AT2','refresh_to")),
                Arguments.of("malformed JSON", json(200, "{'access_token': ,}")),
                Arguments.of("JSON array", json(200, "['unexpected']")),
                Arguments.of("closing brace missing", json(200, "{'access_token':'AT2'")),
                Arguments.of("plain text", aResponse().withStatus(200).withBody("OK")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadableSuccessBodyIsTransientAndKeepsTokens(String variant,
            ResponseDefinitionBuilder answer) throws Exception {
        server.stubFor(tokenPost().willReturn(answer));

        TokenEndpointException e = failedRefresh(client);

        assertEquals(200, e.httpStatus());
        assertFalse(e.getMessage().contains("AT2"), e.getMessage());
        assertTokenRequests(1);
    }

    @Test
    void bodyOverTheSizeLimitIsDiscarded() throws Exception {
        server.stubFor(tokenPost().willReturn(json(200, paddedTokenJson(SMALL_LIMIT + 1))));
        try (ScribeJavaTransport limited = new ScribeJavaTransport(1_000, 5_000, SMALL_LIMIT)) {

            TokenEndpointException e = failedRefresh(new TokenEndpointClient(limited));

            assertInstanceOf(OversizedResponseException.class, e.getCause());
        }
        assertTokenRequests(1);
    }

    @Test
    void bodyExactlyAtTheSizeLimitIsRead() throws Exception {
        server.stubFor(tokenPost().willReturn(json(200, paddedTokenJson(SMALL_LIMIT))));
        try (ScribeJavaTransport limited = new ScribeJavaTransport(1_000, 5_000, SMALL_LIMIT)) {
            TokenEndpointClient limitedClient = new TokenEndpointClient(limited);
            TokenManager manager = new TokenManager(limitedClient, store(), policy, clock);

            assertEquals("AT2", refreshed(manager, credential, RefreshTrigger.SCHEDULE));
        }
    }

    @Test
    void serviceUnavailableThenSuccessKeepsTokensUntilTheNextAllowedAttemptSucceeds()
            throws Exception {
        server.stubFor(tokenPost().inScenario("outage").whenScenarioStateIs(STARTED)
                .willReturn(html(503, "<html>Service Unavailable</html>"))
                .willSetStateTo("recovered"));
        server.stubFor(tokenPost().inScenario("outage").whenScenarioStateIs("recovered")
                .willReturn(json(200, "{'access_token':'AT2','refresh_token':'RT2'}")));
        TokenManager manager = newManager();

        RefreshSummary outage = manager.refreshAllDue(List.of(credential), 1);

        assertEquals(1, outage.failed());
        assertTokensUnchanged(credential, seeded);
        TokenState failing = stateOnDisk(credential);
        assertEquals(CredentialStatus.FAILING, failing.status());
        assertEquals("AT1", served(manager, credential, Duration.ofMinutes(5)));
        assertEquals(1, manager.refreshAllDue(List.of(credential), 1).skipped(), "backing off");
        assertTokenRequests(1);

        clock.set(failing.nextAttemptAt());
        RefreshSummary recovered = manager.refreshAllDue(List.of(credential), 1);

        assertEquals(1, recovered.refreshed());
        TokenState healthy = stateOnDisk(credential);
        assertEquals(CredentialStatus.HEALTHY, healthy.status());
        assertEquals(0, healthy.consecutiveFailures());
        assertNull(healthy.lastFailure());
        assertEquals("RT2", healthy.tokens().refreshToken().reveal());
        assertEquals("AT2", served(manager, credential, Duration.ofMinutes(5)));
        List<Boolean> outcomes = logOnDisk(credential).stream().map(RefreshLogEntry::succeeded).toList();
        assertEquals(List.of(false, true), outcomes);
        assertEquals(List.of("RT1", "RT1"),
                assertTokenRequests(2).stream().map(r -> formOf(r).get("refresh_token")).toList());
    }

    /** A valid token response padded with a filler member to exactly {@code size} bytes. */
    private static String paddedTokenJson(int size) {
        String head = "{'access_token':'AT2','expires_in':1200,'filler':'";
        String tail = "'}";
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }
}
