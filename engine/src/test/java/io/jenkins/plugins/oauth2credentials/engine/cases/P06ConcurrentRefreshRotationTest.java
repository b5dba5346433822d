package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * P06: the periodic refresh, two builds and a "Refresh now" click at the same moment must
 * send the rotating refresh token once; a server with reuse detection would revoke the family.
 */
class P06ConcurrentRefreshRotationTest extends TokenEndpointCase {
    private static final String REUSE = "{'error':'invalid_grant',"
            + "'error_description':'Maximum allowed refresh token reuse exceeded'}";

    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void P06_simultaneousCallersShareOneRefresh() throws Exception {
        treatAsSecret("AT1", "RT1", "AT2", "RT2");
        // The delay keeps the first request in flight while the other callers arrive.
        server.stubFor(tokenPost().inScenario("reuse").whenScenarioStateIs(STARTED)
                .withFormParam("refresh_token", equalTo("RT1"))
                .willReturn(json(200, "{'access_token':'AT2','refresh_token':'RT2',"
                        + "'expires_in':300,'refresh_expires_in':1800,'token_type':'Bearer'}")
                        .withFixedDelay(800))
                .willSetStateTo("RT1 used"));
        server.stubFor(tokenPost().inScenario("reuse").whenScenarioStateIs("RT1 used")
                .willReturn(json(400, REUSE)));
        ManagedCredential keycloak = credential("keycloak", authorizationCodeConfig().build());
        seed(keycloak, tokens("AT1", "RT1", Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(5).minus(policy.skew()));
        TokenManager manager = newManager();
        CountDownLatch start = new CountDownLatch(1);

        Future<RefreshSummary> scheduler =
                submit(start, () -> manager.refreshAllDue(List.of(keycloak), 1));
        Future<String> build1 = submit(start, () -> served(manager, keycloak, Duration.ZERO));
        Future<String> build2 = submit(start, () -> served(manager, keycloak, Duration.ZERO));
        Future<String> refreshNow =
                submit(start, () -> refreshed(manager, keycloak, RefreshTrigger.MANUAL));
        start.countDown();

        assertEquals(1, scheduler.get(10, TimeUnit.SECONDS).refreshed());
        assertEquals("AT2", build1.get(10, TimeUnit.SECONDS));
        assertEquals("AT2", build2.get(10, TimeUnit.SECONDS));
        assertEquals("AT2", refreshNow.get(10, TimeUnit.SECONDS));
        assertEquals("RT1", formOf(assertTokenRequests(1).get(0)).get("refresh_token"));
        assertEquals("RT2", stateOnDisk(keycloak).tokens().refreshToken().reveal());
        List<RefreshLogEntry> log = logOnDisk(keycloak);
        assertEquals(1, log.size(), "one refresh logged");
        assertTrue(log.get(0).succeeded());
    }

    @Test
    void P06_failedRefreshReleasesTheCredentialForTheNextAttempt() throws Exception {
        treatAsSecret("AT1", "RT1", "AT2", "RT2");
        server.stubFor(tokenPost().inScenario("outage").whenScenarioStateIs(STARTED)
                .willReturn(json(503, "{'error':'temporarily_unavailable'}").withFixedDelay(500))
                .willSetStateTo("recovered"));
        server.stubFor(tokenPost().inScenario("outage").whenScenarioStateIs("recovered")
                .willReturn(json(200, "{'access_token':'AT2','refresh_token':'RT2'}")));
        ManagedCredential keycloak = credential("keycloak", authorizationCodeConfig().build());
        seed(keycloak, tokens("AT1", "RT1", Duration.ofMinutes(5)));
        TokenManager manager = newManager();
        CountDownLatch start = new CountDownLatch(1);

        Future<String> first =
                submit(start, () -> refreshed(manager, keycloak, RefreshTrigger.MANUAL));
        Future<String> joined =
                submit(start, () -> refreshed(manager, keycloak, RefreshTrigger.MANUAL));
        start.countDown();

        for (Future<String> caller : List.of(first, joined)) {
            Exception e = assertThrows(Exception.class, () -> caller.get(10, TimeUnit.SECONDS));
            TokenEndpointException cause = assertInstanceOf(TokenEndpointException.class, e.getCause());
            assertEquals(FailureKind.TRANSIENT, cause.kind());
        }
        String next = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> refreshed(manager, keycloak, RefreshTrigger.MANUAL));
        assertEquals("AT2", next);
        assertEquals(List.of("RT1", "RT1"), assertTokenRequests(2).stream()
                .map(r -> formOf(r).get("refresh_token")).toList());
    }

    private <T> Future<T> submit(CountDownLatch start, Callable<T> call) {
        return callers.submit(() -> {
            start.await();
            return call.call();
        });
    }
}
