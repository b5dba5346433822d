package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PendingAuthorizationsTest {
    private static final String REDIRECT_URI = TestConfigs.REDIRECT_URI;

    private final TestClock clock = new TestClock();
    private final PendingAuthorizations pending =
            new PendingAuthorizations(clock, Duration.ofMinutes(10), 100);
    private final ClientConfiguration config = TestConfigs.authorizationCode()
            .scopes("openid profile")
            .authorizationParameters(Map.of("prompt", "consent", "audience", "urn:engine:api"))
            .build();

    private AuthorizationRequest begin() {
        return pending.begin(config, "cred-1", "alice", REDIRECT_URI);
    }

    private static AuthorizationRejectedException.Reason rejection(Executable redeem) {
        return assertThrows(AuthorizationRejectedException.class, redeem).reason();
    }

    private static Map<String, String> query(URI uri) {
        return FormEncoding.decode(uri.getRawQuery());
    }

    @Test
    void challengeWhenRfc7636AppendixBVerifierThenExpectedS256Challenge() {
        // RFC 7636 Appendix B: the verifier is the base64url form of the 32 octets listed there.
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                Pkce.challenge(SecretValue.of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")));
    }

    @Test
    void beginWhenCalledThenStateHasAtLeast128RandomBitsAndIsUnique() {
        Set<String> states = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String state = begin().state().reveal();
            assertTrue(Base64.getUrlDecoder().decode(state).length >= 16, state);
            assertTrue(state.matches("[A-Za-z0-9_-]+"), state);
            states.add(state);
        }

        assertEquals(50, states.size());
    }

    @Test
    void beginWhenCalledThenVerifierMeetsRfc7636AndIsUnique() {
        AuthorizationRequest first = begin();
        AuthorizationRequest second = begin();

        String verifier = first.codeVerifier().reveal();
        assertTrue(verifier.matches("[A-Za-z0-9._~-]{43,128}"), verifier);
        assertNotEquals(verifier, second.codeVerifier().reveal());
    }

    @Test
    void beginWhenCalledThenAuthorizationUriCarriesEveryParameter() {
        AuthorizationRequest request = begin();

        URI uri = request.authorizationUri();
        Map<String, String> query = query(uri);
        assertEquals("http", uri.getScheme());
        assertEquals("/oauth2/authorize", uri.getPath());
        assertEquals("code", query.get("response_type"));
        assertEquals("engine-client", query.get("client_id"));
        assertEquals(REDIRECT_URI, query.get("redirect_uri"));
        assertEquals("openid profile", query.get("scope"));
        assertEquals(request.state().reveal(), query.get("state"));
        assertEquals(Pkce.challenge(request.codeVerifier()), query.get("code_challenge"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertEquals("consent", query.get("prompt"));
        assertEquals("urn:engine:api", query.get("audience"));
        assertEquals(REDIRECT_URI, request.redirectUri());
        assertFalse(query.containsKey("client_secret"));
        assertFalse(uri.toString().contains(request.codeVerifier().reveal()));
    }

    @Test
    void beginWhenAuthorizationUrlHasQueryThenKeptAndParametersAppended() {
        ClientConfiguration withQuery = TestConfigs.authorizationCode()
                .authorizationUrl("http://127.0.0.1:9/authorize?tenant=contoso&p=B2C_1").build();

        URI uri = pending.begin(withQuery, "cred-1", "alice", REDIRECT_URI).authorizationUri();

        String query = uri.getRawQuery();
        assertTrue(query.startsWith("tenant=contoso&p=B2C_1&response_type=code&"), query);
        assertEquals(1, uri.toString().chars().filter(c -> c == '?').count(), uri::toString);
        assertEquals("code", query(uri).get("response_type"));
    }

    @Test
    void beginWhenExtraParameterNamesReservedOneThenEngineValueWins() {
        // The form's parser refuses reserved names; a configuration built another way must not
        // be able to replace the state or the challenge either.
        ClientConfiguration sneaky = TestConfigs.authorizationCode()
                .authorizationParameters(Map.of("state", "fixed", "code_challenge_method", "plain"))
                .build();

        AuthorizationRequest request = pending.begin(sneaky, "cred-1", "alice", REDIRECT_URI);

        Map<String, String> query = query(request.authorizationUri());
        assertEquals(request.state().reveal(), query.get("state"));
        assertEquals("S256", query.get("code_challenge_method"));
    }

    @Test
    void beginWhenClientCredentialsConfigurationThenRefused() {
        ClientConfiguration clientCredentials = TestConfigs.clientCredentials().build();

        assertThrows(IllegalArgumentException.class,
                () -> pending.begin(clientCredentials, "cred-1", "alice", REDIRECT_URI));
    }

    @Test
    void redeemWhenSameUserAndCredentialInTimeThenRequestReturned() throws Exception {
        AuthorizationRequest request = begin();
        clock.advance(Duration.ofMinutes(9));

        assertSame(request, pending.redeem(request.state().reveal(), "alice", "cred-1"));
        assertEquals(0, pending.size());
    }

    @Test
    void redeemWhenStateUnknownThenRejected() {
        begin();

        assertEquals(AuthorizationRejectedException.Reason.UNKNOWN_STATE,
                rejection(() -> pending.redeem("forged-state", "alice", "cred-1")));
        assertEquals(AuthorizationRejectedException.Reason.UNKNOWN_STATE,
                rejection(() -> pending.redeem(null, "alice", "cred-1")));
    }

    @Test
    void redeemWhenStateReusedThenRejected() throws Exception {
        AuthorizationRequest request = begin();
        pending.redeem(request.state().reveal(), "alice", "cred-1");

        AuthorizationRejectedException e = assertThrows(AuthorizationRejectedException.class,
                () -> pending.redeem(request.state().reveal(), "alice", "cred-1"));

        assertEquals(AuthorizationRejectedException.Reason.UNKNOWN_STATE, e.reason());
    }

    @Test
    void redeemWhenLifetimeOverThenRejectedAsExpired() {
        AuthorizationRequest request = begin();
        clock.advance(Duration.ofMinutes(10));

        AuthorizationRejectedException e = assertThrows(AuthorizationRejectedException.class,
                () -> pending.redeem(request.state().reveal(), "alice", "cred-1"));

        assertEquals(AuthorizationRejectedException.Reason.EXPIRED, e.reason());
        assertEquals("cred-1", e.credentialKey());
    }

    @Test
    void redeemWhenOtherUserThenRejectedAndStateConsumed() {
        AuthorizationRequest request = begin();

        AuthorizationRejectedException e = assertThrows(AuthorizationRejectedException.class,
                () -> pending.redeem(request.state().reveal(), "mallory", "cred-1"));

        assertEquals(AuthorizationRejectedException.Reason.OTHER_USER, e.reason());
        assertEquals(AuthorizationRejectedException.Reason.UNKNOWN_STATE, assertThrows(
                AuthorizationRejectedException.class,
                () -> pending.redeem(request.state().reveal(), "alice", "cred-1")).reason());
    }

    @Test
    void redeemWhenOtherCredentialThenRejected() {
        AuthorizationRequest request = begin();

        AuthorizationRejectedException e = assertThrows(AuthorizationRejectedException.class,
                () -> pending.redeem(request.state().reveal(), "alice", "cred-2"));

        assertEquals(AuthorizationRejectedException.Reason.OTHER_CREDENTIAL, e.reason());
    }

    @Test
    void redeemWhenTwoAuthorizationsPendingThenEachRedeemsItsOwn() throws Exception {
        AuthorizationRequest first = begin();
        AuthorizationRequest second = pending.begin(config, "cred-2", "bob", REDIRECT_URI);

        assertSame(second, pending.redeem(second.state().reveal(), "bob", "cred-2"));
        assertSame(first, pending.redeem(first.state().reveal(), "alice", null));
    }

    @Test
    void beginWhenMorePendingThanAllowedThenOldestDropped() throws Exception {
        PendingAuthorizations small = new PendingAuthorizations(clock, Duration.ofMinutes(10), 2);
        AuthorizationRequest oldest = small.begin(config, "cred-1", "alice", REDIRECT_URI);
        clock.advance(Duration.ofSeconds(1));
        AuthorizationRequest middle = small.begin(config, "cred-1", "alice", REDIRECT_URI);
        clock.advance(Duration.ofSeconds(1));
        AuthorizationRequest newest = small.begin(config, "cred-1", "alice", REDIRECT_URI);

        assertEquals(2, small.size());
        assertThrows(AuthorizationRejectedException.class,
                () -> small.redeem(oldest.state().reveal(), "alice", "cred-1"));
        small.redeem(middle.state().reveal(), "alice", "cred-1");
        small.redeem(newest.state().reveal(), "alice", "cred-1");
    }

    @Test
    void beginWhenMaxPendingTunedToZeroThenStillStartsAuthorizations() throws Exception {
        // A tunable set to 0 must not make every begin() spin forever.
        PendingAuthorizations zero = new PendingAuthorizations(clock, Duration.ofMinutes(10), 0);

        AuthorizationRequest request = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> zero.begin(config, "cred-1", "alice", REDIRECT_URI));

        assertSame(request, zero.redeem(request.state().reveal(), "alice", "cred-1"));
    }

    @Test
    void toStringWhenRequestPendingThenNoStateOrVerifier() {
        AuthorizationRequest request = begin();

        String text = request.toString();

        assertFalse(text.contains(request.state().reveal()), text);
        assertFalse(text.contains(request.codeVerifier().reveal()), text);
    }
}
