package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A credential given another credential's state key can neither read nor wipe that state. */
class StateKeyOwnershipTest {
    private final TestClock clock = new TestClock();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final MemoryStateStore store = new MemoryStateStore();
    private boolean shared = true;
    private final TokenManager manager = new TokenManager(new TokenEndpointClient(transport), store,
            TestConfigs.POLICY, clock,
            credential -> !shared);

    private final ManagedCredential victim = new ManagedCredential("shared", "victim",
            TestConfigs.authorizationCode().build());
    private final ManagedCredential intruder = new ManagedCredential("shared", "intruder",
            TestConfigs.clientCredentials().clientId("intruder").build());

    private void seedVictim() throws StateStoreException {
        Instant now = clock.instant();
        TokenSet tokens = new TokenSet(SecretValue.of("VICTIM-AT"), "Bearer", SecretValue.of("VICTIM-RT"), null,
                now, now.plus(Duration.ofHours(1)), null);
        store.save("shared", new TokenState(tokens, CredentialStatus.HEALTHY, null, 0, null, now,
                victim.config().fingerprint()), null);
    }

    @Test
    void accessTokenWhenKeySharedAndClientDiffersThenRefusedAndVictimStateUntouched() throws Exception {
        seedVictim();

        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> manager.accessToken(intruder, Duration.ZERO));

        assertTrue(e.getMessage().contains("shares its state key"), e.getMessage());
        assertEquals(0, transport.count());
        assertEquals("VICTIM-RT", store.load("shared").orElseThrow().tokens().refreshToken().reveal());
        assertEquals("VICTIM-AT", manager.accessToken(victim, Duration.ZERO).accessToken().reveal());
    }

    @Test
    void refreshWhenKeySharedAndClientDiffersThenNoRequestAndVictimStateUntouched() throws Exception {
        seedVictim();

        assertThrows(TokenEndpointException.class, () -> manager.refresh(intruder, RefreshTrigger.MANUAL));

        assertEquals(0, transport.count());
        assertEquals("VICTIM-RT", store.load("shared").orElseThrow().tokens().refreshToken().reveal());
    }

    @Test
    void accessTokenWhenSoleHolderWhoseClientChangedThenStartsAfresh() throws Exception {
        seedVictim();
        shared = false;
        transport.then(token("NEW-AT", null, 3600));

        assertEquals("NEW-AT", manager.accessToken(intruder, Duration.ZERO).accessToken().reveal());
        assertEquals(1, transport.count());
    }
}
