package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

class TokenManagerConcurrencyTest {
    private static final int CALLERS = 50;

    @RepeatedTest(3)
    void accessTokenWhenFiftyCallersAskForStaleTokenThenOneRequestServesAll() throws Exception {
        TestClock clock = new TestClock();
        ScriptedTransport transport = new ScriptedTransport();
        MemoryStateStore store = new MemoryStateStore();
        RefreshPolicy policy = new RefreshPolicy(
                Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(1800));
        TokenManager manager =
                new TokenManager(new TokenEndpointClient(transport), store, policy, clock);
        ManagedCredential credential = new ManagedCredential("shared", "api-shared",
                TestConfigs.authorizationCode().build());
        Instant now = clock.instant();
        TokenSet stale = new TokenSet(SecretValue.of("AT-old"), "Bearer", SecretValue.of("RT-old"),
                null, now.minusSeconds(3570), now.plusSeconds(30), null);
        store.save("shared", new TokenState(stale, CredentialStatus.HEALTHY, null, 0, null, now,
                credential.config().fingerprint()), null);

        CountDownLatch startGate = new CountDownLatch(1);
        CountDownLatch allCalling = new CountDownLatch(CALLERS);
        // The one request holds until every caller is on its way in, so that they overlap it.
        transport.then(request -> {
            try {
                allCalling.await(10, TimeUnit.SECONDS);
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            return ScriptedTransport.token("AT-new", "RT-new", 3600);
        });
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                tokens.add(callers.submit(() -> {
                    startGate.await();
                    allCalling.countDown();
                    return manager.accessToken(credential, Duration.ZERO).accessToken().reveal();
                }));
            }

            startGate.countDown();

            for (Future<String> token : tokens) {
                assertEquals("AT-new", token.get(15, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
            assertTrue(callers.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(1, transport.count());
        assertEquals("RT-new", store.stored("shared").tokens().refreshToken().reveal());
        assertEquals(1, manager.log("shared").size());
    }
}
