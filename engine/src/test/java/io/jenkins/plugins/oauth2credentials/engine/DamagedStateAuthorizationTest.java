package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state file that can no longer be read does not stop the actions whose tokens replace
 * whatever it held, as the error message promises: a new authorization, or a client credentials
 * grant. A refresh token it may hold is never guessed at: an authorization code credential's
 * refresh still fails.
 */
class DamagedStateAuthorizationTest {
    private static final String KEY = "damagedStateKey0001";
    private static final RefreshPolicy POLICY = TestConfigs.POLICY;

    @TempDir
    Path directory;

    private final TestClock clock = new TestClock();
    private final ScriptedTransport transport = new ScriptedTransport();

    private FileTokenStateStore store;
    private TokenManager manager;

    @BeforeEach
    void damageState() throws Exception {
        store = new FileTokenStateStore(directory, new AesGcmTestCipher(), 10);
        Files.write(directory.resolve(KEY + ".state"), new byte[] {1, 2, 3, 4});
        manager = new TokenManager(new TokenEndpointClient(transport), store, POLICY, clock);
    }

    @Test
    void completeAuthorizationWhenStoredStateDamagedThenNewTokensStored() throws Exception {
        ManagedCredential credential =
                new ManagedCredential(KEY, "api", TestConfigs.authorizationCode().build());
        assertThrows(StateStoreException.class, () -> manager.state(KEY));
        AuthorizationRequest request = new PendingAuthorizations(clock, Duration.ofMinutes(10), 10)
                .begin(credential.config(), KEY, "admin", TestConfigs.REDIRECT_URI);
        transport.then(token("AT-after-repair", "RT-after-repair", 3600));

        manager.completeAuthorization(credential, request, SecretValue.of("code-1"));

        TokenState stored = store.load(KEY).orElseThrow();
        assertEquals(CredentialStatus.HEALTHY, stored.status());
        assertEquals("RT-after-repair", stored.tokens().refreshToken().reveal());
        assertEquals("AT-after-repair",
                manager.accessToken(credential, Duration.ZERO).accessToken().reveal());
    }

    @Test
    void refreshWhenClientCredentialsStateDamagedThenNewTokenStored() throws Exception {
        ManagedCredential credential =
                new ManagedCredential(KEY, "api", TestConfigs.clientCredentials().build());
        transport.then(token("AT-fresh-grant", null, 3600));

        manager.refresh(credential, RefreshTrigger.MANUAL);

        TokenSet stored = store.load(KEY).orElseThrow().tokens();
        assertEquals("AT-fresh-grant", stored.accessToken().reveal());
        assertEquals(1, store.loadLog(KEY).size());
    }

    @Test
    void refreshWhenAuthorizationCodeStateDamagedThenStillUnreadableAndNoRequest() {
        ManagedCredential credential =
                new ManagedCredential(KEY, "api", TestConfigs.authorizationCode().build());

        assertThrows(StateStoreException.class,
                () -> manager.refresh(credential, RefreshTrigger.MANUAL));
        assertEquals(0, transport.count());
        assertThrows(StateStoreException.class, () -> store.load(KEY));
    }
}
