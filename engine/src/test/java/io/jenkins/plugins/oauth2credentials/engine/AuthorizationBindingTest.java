package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An authorization is bound to the client that started it and cannot crowd out other users'. */
class AuthorizationBindingTest {
    private final TestClock clock = new TestClock();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final MemoryStateStore store = new MemoryStateStore();
    private final TokenManager manager = TestConfigs.manager(transport, store, clock);
    private final PendingAuthorizations pending = new PendingAuthorizations(clock, Duration.ofMinutes(10), 1000);

    @Test
    void completeAuthorizationWhenClientChangedSinceAuthorizeThenRefusedWithoutTokenRequest() throws Exception {
        ClientConfiguration started = TestConfigs.authorizationCode().build();
        AuthorizationRequest request = pending.begin(started, "key", "admin", TestConfigs.REDIRECT_URI);
        ClientConfiguration edited = TestConfigs.authorizationCode()
                .tokenUrl("http://127.0.0.1:9/elsewhere/token").build();

        TokenEndpointException e = assertThrows(TokenEndpointException.class, () -> manager.completeAuthorization(
                new ManagedCredential("key", "api", edited), request, SecretValue.of("code-1")));

        assertEquals(FailureKind.REJECTED, e.kind());
        assertEquals(0, transport.count());
        assertEquals(CredentialStatus.NOT_AUTHORIZED, manager.state("key").status());
    }

    @Test
    void completeAuthorizationWhenOnlyScopesChangedThenCodeExchanged() throws Exception {
        AuthorizationRequest request = pending.begin(TestConfigs.authorizationCode().build(), "key", "admin",
                TestConfigs.REDIRECT_URI);
        ClientConfiguration moreScopes = TestConfigs.authorizationCode().scopes("read write admin").build();
        transport.then(token("AT1", "RT1", 3600));

        TokenState state = manager.completeAuthorization(new ManagedCredential("key", "api", moreScopes), request,
                SecretValue.of("code-1"));

        assertEquals(CredentialStatus.HEALTHY, state.status());
        assertEquals(1, transport.count());
    }

    @Test
    void beginWhenOneUserStartsManyThenOnlyTheirOwnOldestAreDropped() throws Exception {
        ClientConfiguration config = TestConfigs.authorizationCode().build();
        AuthorizationRequest other = pending.begin(config, "key", "alice", TestConfigs.REDIRECT_URI);
        List<AuthorizationRequest> mallory = new ArrayList<>();
        for (int i = 0; i < PendingAuthorizations.MAX_PER_USER + 5; i++) {
            clock.advance(Duration.ofMillis(1));
            mallory.add(pending.begin(config, "key", "mallory", TestConfigs.REDIRECT_URI));
        }

        assertEquals(PendingAuthorizations.MAX_PER_USER + 1, pending.size());
        assertEquals("alice", pending.redeem(other.state().reveal(), "alice", "key").userName());
        AuthorizationRejectedException dropped = assertThrows(AuthorizationRejectedException.class,
                () -> pending.redeem(mallory.get(0).state().reveal(), "mallory", "key"));
        assertEquals(AuthorizationRejectedException.Reason.UNKNOWN_STATE, dropped.reason());
        assertTrue(pending.redeem(mallory.get(mallory.size() - 1).state().reveal(), "mallory", "key") != null);
    }

    @Test
    void recordAuthorizationFailureWhenJenkinsRefusedThenNotBlamedOnTheProvider() throws Exception {
        ManagedCredential credential = new ManagedCredential("key", "api", TestConfigs.authorizationCode().build());

        manager.recordAuthorizationFailure(credential, null, "refused by Jenkins");
        manager.recordAuthorizationFailure(credential, new OAuthError("access_denied", "no", null), "denied");

        List<RefreshLogEntry> log = manager.log("key");
        assertEquals(null, log.get(0).failureKind());
        assertEquals(FailureKind.REJECTED, log.get(1).failureKind());
    }
}
