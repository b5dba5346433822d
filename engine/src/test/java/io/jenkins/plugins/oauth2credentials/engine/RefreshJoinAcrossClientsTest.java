package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A caller only shares a running refresh made for its own client: the periodic refresh may still
 * run with the configuration from before an edit while a build already uses the new one.
 */
class RefreshJoinAcrossClientsTest {
    private final TestClock clock = new TestClock();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final MemoryStateStore store = new MemoryStateStore();
    private final TokenManager manager = TestConfigs.manager(transport, store, clock);
    private final ExecutorService callers = Executors.newFixedThreadPool(2);

    private final ManagedCredential before = new ManagedCredential("edited-key", "api",
            TestConfigs.clientCredentials().build());
    private final ManagedCredential after = new ManagedCredential("edited-key", "api",
            TestConfigs.clientCredentials().clientId("replacement-client").build());

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        assertTrue(callers.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void accessTokenWhileRefreshOfPreviousClientRunsThenOwnClientToken() throws Exception {
        CountDownLatch oldRequestSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        transport.then(request -> {
            oldRequestSent.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
            return token("AT-previous-client", null, 3600);
        }).otherwise(request -> token("AT-new-client", null, 3600));

        Future<TokenState> scheduled =
                callers.submit(() -> manager.refresh(before, RefreshTrigger.SCHEDULE));
        assertTrue(oldRequestSent.await(5, TimeUnit.SECONDS));
        Future<String> build = callers.submit(
                () -> manager.accessToken(after, Duration.ZERO).accessToken().reveal());
        // Gives the build time to reach the running refresh before it finishes.
        Thread.sleep(300);
        release.countDown();

        TokenState previous = scheduled.get(5, TimeUnit.SECONDS);
        assertEquals("AT-previous-client", previous.tokens().accessToken().reveal());
        assertEquals("AT-new-client", build.get(5, TimeUnit.SECONDS));
        assertEquals(2, transport.count());
        assertEquals(ClientAuthentication.basic("replacement-client", "engine-secret"),
                transport.last().headers().get("Authorization"));
        assertEquals(after.config().fingerprint(), store.stored("edited-key").configFingerprint());
    }
}
