package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.error;
import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.LogCapture;
import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenManagerTest {
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(1800);

    private final TestClock clock = new TestClock();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final MemoryStateStore store = new MemoryStateStore();
    private final TokenManager manager = new TokenManager(new TokenEndpointClient(transport), store,
            new RefreshPolicy(SKEW, Duration.ofSeconds(30), BACKOFF_MAX), clock);

    private static ManagedCredential credential(String key, ClientConfiguration config) {
        return new ManagedCredential(key, "api-" + key, config);
    }

    /** A token endpoint per credential, so that a scripted reply can tell them apart. */
    private static String tokenUrl(String key) {
        return "http://127.0.0.1:9/" + key + "/token";
    }

    private static ManagedCredential clientCredentials(String key) {
        return credential(key, TestConfigs.clientCredentials().tokenUrl(tokenUrl(key)).build());
    }

    private static ManagedCredential authorizationCode(String key) {
        return credential(key, TestConfigs.authorizationCode().tokenUrl(tokenUrl(key)).build());
    }

    /** Stores tokens obtained ten minutes ago that expire {@code expiresIn} from now. */
    private void seed(ManagedCredential credential, String accessToken, String refreshToken,
            Duration expiresIn) throws StateStoreException {
        Instant now = clock.instant();
        Instant obtained = now.minusSeconds(600);
        TokenSet tokens = new TokenSet(SecretValue.of(accessToken), "Bearer",
                SecretValue.ofNullable(refreshToken), null, obtained,
                expiresIn == null ? null : now.plus(expiresIn), null);
        store.save(credential.stateKey(), new TokenState(tokens, CredentialStatus.HEALTHY, null, 0,
                null, obtained, credential.config().fingerprint()), null);
    }

    private String accessToken(ManagedCredential credential) throws TokenUnavailableException {
        return manager.accessToken(credential, Duration.ZERO).accessToken().reveal();
    }

    private static void pause(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    @Test
    void accessTokenWhenValidBeyondSkewThenServedWithoutRequest() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", SKEW.plusSeconds(1));

        assertEquals("AT1", accessToken(credential));
        assertEquals(0, transport.count());
    }

    @Test
    void accessTokenWhenExpiryUnknownThenServedWithoutRequest() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", null);

        assertEquals("AT1", accessToken(credential));
        assertEquals(0, transport.count());
    }

    @Test
    void accessTokenWhenStaleWithinSkewThenRefreshedOnUse() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", SKEW.minusSeconds(1));
        transport.then(token("AT2", null, 3600));

        assertEquals("AT2", accessToken(credential));

        assertEquals(1, transport.count());
        assertEquals("refresh_token", transport.last().grantType());
        assertEquals("RT1", transport.last().form().get("refresh_token"));
        RefreshLogEntry entry = manager.log("a").get(0);
        assertEquals(RefreshTrigger.USE, entry.trigger());
        assertTrue(entry.succeeded());
        assertEquals(clock.instant().plusSeconds(3600), entry.expiresAt());
    }

    @Test
    void accessTokenWhenCallerNeedsLongerThanSkewThenRefreshed() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofMinutes(5));
        transport.then(token("AT2", null, 3600));

        TokenSet tokens = manager.accessToken(credential, Duration.ofMinutes(10));

        assertEquals("AT2", tokens.accessToken().reveal());
    }

    @Test
    void accessTokenWhenRefreshResponseOmitsRefreshTokenThenOldOneKeptInStore() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ZERO);
        transport.then(token("AT2", null, 3600));

        accessToken(credential);

        assertEquals("RT1", store.stored("a").tokens().refreshToken().reveal());
    }

    @Test
    void accessTokenWhenStaleAndRefreshFailsThenStillValidTokenKeepsBeingServed() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofSeconds(30));
        transport.then(error(503, "temporarily_unavailable", "maintenance"));

        assertEquals("AT1", accessToken(credential));
        assertEquals("AT1", accessToken(credential));

        assertEquals(1, transport.count(), "the second call waits for the backoff");
        TokenState state = manager.state("a");
        assertEquals(CredentialStatus.FAILING, state.status());
        assertEquals("RT1", store.stored("a").tokens().refreshToken().reveal());
        assertEquals("AT1", store.stored("a").tokens().accessToken().reveal());
    }

    @Test
    void accessTokenWhenExpiredAndRefreshFailsThenUnavailableNamingWhoAndWhy() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofSeconds(-1));
        transport.then(error(503, "server_error", "database down"));

        TokenUnavailableException e =
                assertThrows(TokenUnavailableException.class, () -> accessToken(credential));

        assertEquals(CredentialStatus.FAILING, e.status());
        assertTrue(e.getMessage().contains("api-a"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertTrue(e.getMessage().contains("server_error: database down"), e.getMessage());
    }

    @Test
    void accessTokenWhenNeverAuthorizedThenUnavailableWithoutRequest() {
        ManagedCredential credential = authorizationCode("a");

        TokenUnavailableException e =
                assertThrows(TokenUnavailableException.class, () -> accessToken(credential));

        assertEquals(CredentialStatus.NOT_AUTHORIZED, e.status());
        assertEquals(EngineMessages.format("TokenManager.notAuthorized", "api-a"), e.getMessage());
        assertEquals(0, transport.count());
    }

    @Test
    void accessTokenWhenStoreUnreadableThenUnavailableNotRuntimeFailure() {
        store.failLoads(true);

        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> accessToken(clientCredentials("a")));

        assertNotNull(e.getCause());
        assertEquals(0, transport.count());
    }

    @Test
    void invalidGrantWhenAuthorizationCodeThenNeedsReauthorizationAndNoRequests() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofSeconds(-1));
        transport.then(error(400, "invalid_grant", "Token is not active"));

        try (LogCapture logs = LogCapture.of(TokenManager.class.getName())) {
            TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                    () -> accessToken(credential));
            assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, e.status());
            assertTrue(e.getMessage().contains("api-a") && e.getMessage().contains("invalid_grant"),
                    e.getMessage());

            for (int i = 0; i < 3; i++) {
                assertThrows(TokenUnavailableException.class, () -> accessToken(credential));
                clock.advance(Duration.ofDays(1));
                RefreshSummary summary = manager.refreshAllDue(List.of(credential), 2);
                assertEquals(List.of(0, 0, 1, 0), counts(summary), summary::toString);
            }

            assertFalse(manager.isDue(credential));
            assertEquals(1, transport.count());
            assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, store.stored("a").status());
            List<?> warnings = logs.at(Level.WARNING, TokenManager.class.getName());
            assertEquals(1, warnings.size(), "logged once");
        }
    }

    @Test
    void needsReauthorizationWhenOnlyScopesChangeThenRefreshResumesWithStoredRefreshToken() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofSeconds(-1));
        transport.then(error(400, "invalid_grant", "revoked"));
        assertThrows(TokenUnavailableException.class, () -> accessToken(credential));

        ClientConfiguration moreScopes = TestConfigs.authorizationCode().tokenUrl(tokenUrl("a"))
                .scopes("read write admin").build();
        transport.then(token("AT2", "RT2", 3600));

        assertEquals("AT2", accessToken(credential("a", moreScopes)));
        assertEquals("RT1", transport.requests().get(1).form().get("refresh_token"));
        assertEquals(CredentialStatus.HEALTHY, manager.state("a").status());
    }

    @Test
    void accessTokenWhenClientSecretChangedThenOldTokensNeitherServedNorRefreshed() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofHours(1));
        ClientConfiguration newSecret = TestConfigs.authorizationCode().tokenUrl(tokenUrl("a"))
                .clientSecret(SecretValue.of("rotated-secret")).build();

        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> accessToken(credential("a", newSecret)));

        assertTrue(e.getMessage().contains("not been authorized"), e.getMessage());
        assertEquals(0, transport.count());
        assertNull(store.load("a").orElseThrow().tokens());
        assertEquals(CredentialStatus.NOT_AUTHORIZED, manager.state("a").status());
        assertTrue(manager.log("a").get(0).message().contains("client changed"));
    }

    @Test
    void accessTokenWhenAnotherClientPointsAtTheStateThenItNeverReceivesTheTokens() throws Exception {
        ManagedCredential victim = authorizationCode("shared");
        seed(victim, "VICTIM-AT", "VICTIM-RT", Duration.ofHours(1));
        ManagedCredential intruder = credential("shared", TestConfigs.clientCredentials()
                .clientId("intruder").tokenUrl("http://127.0.0.1:9/intruder/token").build());
        transport.then(token("INTRUDER-AT", null, 3600));

        assertEquals("INTRUDER-AT", accessToken(intruder));

        List<ScriptedTransport.Request> requests = transport.requests();
        assertEquals(1, requests.size());
        assertEquals("client_credentials", requests.get(0).grantType());
        assertFalse(requests.get(0).form().containsValue("VICTIM-RT"));
    }

    @Test
    void refreshWhenAnotherClientPointsAtTheStateThenVictimRefreshTokenIsNotSent() throws Exception {
        ManagedCredential victim = authorizationCode("shared");
        seed(victim, "VICTIM-AT", "VICTIM-RT", Duration.ofHours(1));
        ManagedCredential intruder = credential("shared", TestConfigs.authorizationCode()
                .clientId("intruder").tokenUrl("http://127.0.0.1:9/intruder/token").build());

        assertThrows(TokenEndpointException.class, () -> manager.refresh(intruder, RefreshTrigger.MANUAL));

        assertEquals(0, transport.count());
        assertThrows(TokenUnavailableException.class, () -> accessToken(intruder));
    }

    @Test
    void needsReauthorizationWhenNewAuthorizationCompletesThenTokensServedAgain() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofSeconds(-1));
        transport.then(error(400, "invalid_grant", "revoked"));
        assertThrows(TokenUnavailableException.class, () -> accessToken(credential));
        AuthorizationRequest request = new PendingAuthorizations(clock, Duration.ofMinutes(10), 10)
                .begin(credential.config(), "a", "alice", TestConfigs.REDIRECT_URI);
        transport.then(token("AT2", "RT2", 3600));
        SecretValue code = SecretValue.of("code-1");

        TokenState state = manager.completeAuthorization(credential, request, code);

        assertEquals(CredentialStatus.HEALTHY, state.status());
        ScriptedTransport.Request exchange = transport.last();
        assertEquals("authorization_code", exchange.grantType());
        assertEquals("code-1", exchange.form().get("code"));
        assertEquals(TestConfigs.REDIRECT_URI, exchange.form().get("redirect_uri"));
        assertEquals(request.codeVerifier().reveal(), exchange.form().get("code_verifier"));
        assertEquals("AT2", accessToken(credential));
        assertEquals("RT2", store.stored("a").tokens().refreshToken().reveal());
        assertEquals(2, transport.count());
        assertTrue(manager.isDue(credential));
    }

    @Test
    void invalidClientThenFailingWithLongestBackoffAndNoHotLoop() throws Exception {
        ManagedCredential credential = clientCredentials("a");
        transport.otherwise(request -> error(401, "invalid_client", "wrong secret"));
        Instant failedAt = clock.instant();

        assertThrows(TokenUnavailableException.class, () -> accessToken(credential));

        TokenState state = store.stored("a");
        assertEquals(CredentialStatus.FAILING, state.status());
        assertEquals(failedAt.plus(BACKOFF_MAX), state.nextAttemptAt());
        for (int i = 0; i < 20; i++) {
            assertThrows(TokenUnavailableException.class, () -> accessToken(credential));
        }
        clock.advance(BACKOFF_MAX.minusSeconds(1));
        assertEquals(1, manager.refreshAllDue(List.of(credential), 1).skipped());
        assertEquals(1, transport.count());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, manager.refreshAllDue(List.of(credential), 1).failed());
        assertEquals(2, transport.count());
        assertEquals(2, store.stored("a").consecutiveFailures());
    }

    @Test
    void refreshWhenManualDuringBackoffThenRequestsAnyway() throws Exception {
        ManagedCredential credential = clientCredentials("a");
        transport.then(error(401, "invalid_client", "bad secret"))
                .then(token("AT1", null, 3600));
        assertThrows(TokenUnavailableException.class, () -> accessToken(credential));

        TokenState state = manager.refresh(credential, RefreshTrigger.MANUAL);

        assertEquals(CredentialStatus.HEALTHY, state.status());
        assertNull(state.nextAttemptAt());
        assertEquals(RefreshTrigger.MANUAL, manager.log("a").get(1).trigger());
    }

    @Test
    void clientCredentialsWhenRefreshTokenRejectedThenFallsBackToOwnGrant() throws Exception {
        ManagedCredential credential = clientCredentials("a");
        seed(credential, "AT1", "RT1", Duration.ofSeconds(10));
        transport.then(error(400, "invalid_grant", "expired"))
                .then(token("AT2", null, 3600));

        assertEquals("AT2", accessToken(credential));

        List<ScriptedTransport.Request> requests = transport.requests();
        assertEquals(List.of("refresh_token", "client_credentials"),
                requests.stream().map(ScriptedTransport.Request::grantType).toList());
        assertEquals("read write", requests.get(1).form().get("scope"));
        TokenState stored = store.stored("a");
        assertEquals(CredentialStatus.HEALTHY, stored.status());
        assertNull(stored.tokens().refreshToken(), "the rejected refresh token is not kept");
        assertEquals("client_credentials", manager.log("a").get(0).grant());
    }

    @Test
    void clientCredentialsWhenConfigChangedThenOwnGrantNotOldRefreshToken() throws Exception {
        ManagedCredential credential = clientCredentials("a");
        seed(credential, "AT1", "RT1", Duration.ofHours(1));
        ClientConfiguration fewerScopes =
                TestConfigs.clientCredentials().tokenUrl(tokenUrl("a")).scopes("read").build();
        ManagedCredential edited = credential("a", fewerScopes);
        transport.then(token("AT2", null, 3600));

        assertEquals("AT2", accessToken(edited));

        assertEquals("client_credentials", transport.last().grantType());
        assertNull(store.stored("a").tokens().refreshToken());
    }

    @Test
    void accessTokenWhenRefreshTokenRotatedThenStoredBeforeNewTokenReturned() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ZERO);
        transport.then(token("AT2", "RT2", 3600));

        assertEquals("AT2", accessToken(credential));

        TokenState stored = store.stored("a");
        assertEquals("RT2", stored.tokens().refreshToken().reveal());
        assertEquals("AT2", stored.tokens().accessToken().reveal());
        String rotated = EngineMessages.format("TokenManager.rotated");
        assertEquals(rotated, manager.log("a").get(0).message());
    }

    @Test
    void accessTokenWhenRotatedRefreshTokenCannotBeStoredThenNewTokenWithheld() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ZERO);
        transport.then(token("AT2", "RT2", 1));
        store.failSaves(true);

        assertThrows(TokenUnavailableException.class, () -> accessToken(credential));

        // The provider has already rotated RT1 away: the next refresh must use RT2.
        store.failSaves(false);
        clock.advance(Duration.ofSeconds(5));
        transport.then(token("AT3", "RT3", 3600));
        assertEquals("AT3", accessToken(credential));
        assertEquals("RT2", transport.last().form().get("refresh_token"));
        assertEquals("RT3", store.stored("a").tokens().refreshToken().reveal());
    }

    @Test
    void refreshAllDueWhenMixedCredentialsThenEachCountedOnce() throws Exception {
        ManagedCredential ok = clientCredentials("ok");
        ManagedCredential broken = clientCredentials("broken");
        ManagedCredential revoked = authorizationCode("revoked");
        ManagedCredential unauthorized = authorizationCode("unauthorized");
        ManagedCredential backingOff = clientCredentials("backoff");
        seed(revoked, "AT1", "RT1", Duration.ofMinutes(20));
        Instant retryAt = clock.instant().plus(Duration.ofMinutes(10));
        store.save("backoff", new TokenState(null, CredentialStatus.FAILING, null, 1, retryAt, null,
                backingOff.config().fingerprint()), null);
        transport.otherwise(request -> switch (request.url().getPath()) {
            case "/ok/token" -> token("AT-ok", null, 3600);
            case "/broken/token" -> ScriptedTransport.json(503, "{\"error\":\"server_error\"}");
            case "/revoked/token" -> error(400, "invalid_grant", "revoked");
            default -> throw new IOException("unexpected request to " + request.url());
        });
        List<ManagedCredential> all = List.of(ok, broken, revoked, unauthorized, backingOff);

        RefreshSummary first = manager.refreshAllDue(all, 2);

        assertEquals(List.of(1, 1, 1, 2), counts(first), first::toString);
        Set<String> called = transport.requests().stream().map(r -> r.url().getPath())
                .collect(Collectors.toSet());
        assertEquals(Set.of("/ok/token", "/broken/token", "/revoked/token"), called);
        assertEquals(3, transport.count());

        RefreshSummary second = manager.refreshAllDue(all, 2);

        assertEquals(List.of(1, 0, 1, 3), counts(second), second::toString);
        assertEquals(4, transport.count());
        assertEquals(RefreshTrigger.SCHEDULE, manager.log("ok").get(1).trigger());
    }

    /** Refreshed, failed, needing re-authorization and skipped, in that order. */
    private static List<Integer> counts(RefreshSummary summary) {
        return List.of(summary.refreshed(), summary.failed(), summary.needsReauthorization(),
                summary.skipped());
    }

    @Test
    void refreshAllDueWhenManyCredentialsThenNeverMoreRequestsInFlightThanConcurrency() {
        List<ManagedCredential> credentials = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            credentials.add(clientCredentials("c" + i));
        }
        // The first three requests wait for one another: they prove three run at once, and any
        // fourth running alongside them would show in the maximum.
        CountDownLatch firstWave = new CountDownLatch(3);
        transport.otherwise(request -> {
            firstWave.countDown();
            try {
                firstWave.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pause(20);
            return token("AT", null, 3600);
        });

        RefreshSummary summary = manager.refreshAllDue(credentials, 3);

        assertEquals(8, summary.refreshed(), summary::toString);
        assertEquals(8, transport.count());
        assertEquals(3, transport.maxInFlight());
    }

    @Test
    void accessTokenWhenTransportThrowsErrorThenWaitingCallersDoNotHang() throws Exception {
        ManagedCredential credential = authorizationCode("a");
        seed(credential, "AT1", "RT1", Duration.ofSeconds(-1));
        CountDownLatch release = new CountDownLatch(1);
        transport.then(request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new NoClassDefFoundError("simulated linkage failure");
        });
        CompletableFuture<Throwable> first = outcomeInDaemonThread(credential);
        waitUntil(() -> transport.currentlyInFlight() == 1);
        List<Thread> joined = new ArrayList<>();
        CompletableFuture<Throwable> second = outcomeInDaemonThread(credential, joined);
        waitUntil(() -> !joined.isEmpty() && joined.get(0).getState() == Thread.State.WAITING);

        release.countDown();

        assertTrue(first.get(5, TimeUnit.SECONDS) instanceof NoClassDefFoundError);
        assertNotNull(second.get(5, TimeUnit.SECONDS), "a waiting caller must not hang");
        assertEquals(1, transport.count());
    }

    private CompletableFuture<Throwable> outcomeInDaemonThread(ManagedCredential credential) {
        return outcomeInDaemonThread(credential, new ArrayList<>());
    }

    /** Runs accessToken in a daemon thread, which a hang cannot keep alive; yields its throw. */
    private CompletableFuture<Throwable> outcomeInDaemonThread(ManagedCredential credential,
            List<Thread> started) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                accessToken(credential);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        return outcome;
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within 5 s");
            Thread.sleep(5);
        }
    }
}
