package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRejectedException;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRejectedException.Reason;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * P17: the callback's state is checked before anything else: unknown, used, expired or foreign
 * states end the request before the code is exchanged, and parallel authorizations do not
 * overwrite each other. The Jenkins callback is reduced here to what it asks of the engine.
 */
class P17CallbackStateValidationTest extends TokenEndpointCase {
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private PendingAuthorizations pending;
    private TokenManager manager;
    private ManagedCredential c1;
    private ManagedCredential c2;
    private Map<String, ManagedCredential> byKey;

    @BeforeEach
    void twoCredentials() {
        treatAsSecret("CODE_1", "CODE_2", "CODE_X", "AT-c1", "AT-c2");
        pending = new PendingAuthorizations(clock, LIFETIME, 100);
        manager = newManager();
        c1 = credential("c1", authorizationCodeConfig().scopes("openid").build());
        c2 = credential("c2", authorizationCodeConfig().scopes("openid").build());
        byKey = Map.of(c1.stateKey(), c1, c2.stateKey(), c2);
    }

    /** What the callback does: redeem the state first, then exchange the code. */
    private TokenState callback(String state, String user, String code) throws Exception {
        AuthorizationRequest request = pending.redeem(state, user, null);
        ManagedCredential credential = byKey.get(request.credentialKey());
        return manager.completeAuthorization(credential, request, SecretValue.of(code));
    }

    private String accessTokenFromCallback(AuthorizationRequest request, String code)
            throws Exception {
        return callback(request.state().reveal(), ADMIN, code).tokens().accessToken().reveal();
    }

    private AuthorizationRequest authorize(ManagedCredential credential) {
        return pending.begin(credential.config(), credential.stateKey(), ADMIN, REDIRECT_URI);
    }

    /** The endpoint redeems a code only with the verifier of the authorization it came from. */
    private void stubCode(String code, AuthorizationRequest request, String accessToken) {
        server.stubFor(tokenPost()
                .withFormParam("code", equalTo(code))
                .withFormParam("code_verifier", equalTo(request.codeVerifier().reveal()))
                .withFormParam("redirect_uri", equalTo(REDIRECT_URI))
                .willReturn(json(200, "{'access_token':'" + accessToken + "','expires_in':3600}")));
    }

    private Reason rejection(String state, String user) {
        return assertThrows(AuthorizationRejectedException.class,
                () -> callback(state, user, "CODE_X")).reason();
    }

    private void assertUntouched(ManagedCredential credential) throws Exception {
        assertTrue(store().load(credential.stateKey()).isEmpty(), "no state written");
        TokenState inMemory = manager.state(credential.stateKey());
        assertEquals(CredentialStatus.NOT_AUTHORIZED, inMemory.status());
    }

    @Test
    void P17_forgedOrMissingStateIsRejectedBeforeAnyExchange() throws Exception {
        AuthorizationRequest s1 = authorize(c1);
        stubCode("CODE_1", s1, "AT-c1");

        assertEquals(Reason.UNKNOWN_STATE, rejection("FORGED", ADMIN));
        assertEquals(Reason.UNKNOWN_STATE, rejection(null, ADMIN));

        assertTokenRequests(0);
        assertUntouched(c1);
        // A forged callback does not burn the real authorization.
        assertEquals("AT-c1", accessTokenFromCallback(s1, "CODE_1"));
    }

    @Test
    void P17_callbackFromAnotherUserIsRejected() throws Exception {
        AuthorizationRequest s1 = authorize(c1);

        AuthorizationRejectedException e = assertThrows(AuthorizationRejectedException.class,
                () -> callback(s1.state().reveal(), "mallory", "CODE_1"));

        assertEquals(Reason.OTHER_USER, e.reason());
        assertEquals(c1.stateKey(), e.credentialKey());
        assertTokenRequests(0);
        assertUntouched(c1);
        // Consumed: whoever holds the state gets no second try.
        assertEquals(Reason.UNKNOWN_STATE, rejection(s1.state().reveal(), ADMIN));
    }

    @Test
    void P17_stateForAnotherCredentialIsRejected() {
        AuthorizationRequest s1 = authorize(c1);

        AuthorizationRejectedException e = assertThrows(AuthorizationRejectedException.class,
                () -> pending.redeem(s1.state().reveal(), ADMIN, c2.stateKey()));

        assertEquals(Reason.OTHER_CREDENTIAL, e.reason());
    }

    @Test
    void P17_stateIsSingleUse() throws Exception {
        AuthorizationRequest s1 = authorize(c1);
        stubCode("CODE_1", s1, "AT-c1");

        TokenState first = callback(s1.state().reveal(), ADMIN, "CODE_1");

        assertEquals("AT-c1", first.tokens().accessToken().reveal());
        assertEquals(Reason.UNKNOWN_STATE, rejection(s1.state().reveal(), ADMIN));
        assertTokenRequests(1);
        assertEquals(1, logOnDisk(c1).size());
    }

    @Test
    void P17_parallelAuthorizationsCompleteInReverseOrder() throws Exception {
        AuthorizationRequest s1 = authorize(c1);
        AuthorizationRequest s2 = authorize(c2);
        stubCode("CODE_1", s1, "AT-c1");
        stubCode("CODE_2", s2, "AT-c2");

        TokenState second = callback(s2.state().reveal(), ADMIN, "CODE_2");
        TokenState first = callback(s1.state().reveal(), ADMIN, "CODE_1");

        assertEquals("AT-c2", second.tokens().accessToken().reveal());
        assertEquals("AT-c1", first.tokens().accessToken().reveal());
        assertEquals("AT-c1", stateOnDisk(c1).tokens().accessToken().reveal());
        assertEquals("AT-c2", stateOnDisk(c2).tokens().accessToken().reveal());
        assertTokenRequests(2);
        assertEquals(0, pending.size());
    }

    @Test
    void P17_deniedAuthorizationIsLoggedWithoutTokenRequest() throws Exception {
        AuthorizationRequest s1 = authorize(c1);

        AuthorizationRequest redeemed = pending.redeem(s1.state().reveal(), ADMIN, null);
        manager.recordAuthorizationFailure(byKey.get(redeemed.credentialKey()),
                new OAuthError(OAuthError.ACCESS_DENIED, "The user denied access", null),
                "The authorization was denied by the user.");

        RefreshLogEntry entry = logOnDisk(c1).get(0);
        assertFalse(entry.succeeded());
        assertEquals(OAuthError.ACCESS_DENIED, entry.error());
        assertEquals("The user denied access", entry.errorDescription());
        assertNull(stateOnDisk(c1).tokens());
        assertTokenRequests(0);
    }

    @Test
    void P17_stateExpiresAfterItsLifetime() throws Exception {
        AuthorizationRequest late = authorize(c1);
        clock.advance(Duration.ofMinutes(5));
        AuthorizationRequest inTime = authorize(c2);
        stubCode("CODE_2", inTime, "AT-c2");

        clock.advance(LIFETIME.minusMinutes(5).minusSeconds(1));
        assertEquals("AT-c2", accessTokenFromCallback(inTime, "CODE_2"));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        AuthorizationRejectedException e = assertThrows(AuthorizationRejectedException.class,
                () -> callback(late.state().reveal(), ADMIN, "CODE_1"));

        assertEquals(Reason.EXPIRED, e.reason());
        assertEquals(c1.stateKey(), e.credentialKey());
        assertUntouched(c1);
        assertTokenRequests(1);
    }

    @Test
    void P17_stateIsUnguessableAndTiedToItsPkceVerifier() throws Exception {
        Set<String> states = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            AuthorizationRequest request = authorize(i % 2 == 0 ? c1 : c2);
            String state = request.state().reveal();
            assertTrue(Base64.getUrlDecoder().decode(state).length >= 16, "128 bits or more");
            assertTrue(states.add(state), "states repeat");

            String rawQuery = request.authorizationUri().getRawQuery();
            Map<String, String> query = FormEncoding.decode(rawQuery);
            assertEquals(state, query.get("state"));
            assertEquals(REDIRECT_URI, query.get("redirect_uri"));
            assertEquals("S256", query.get("code_challenge_method"));
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(request.codeVerifier().reveal().getBytes(StandardCharsets.US_ASCII));
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            assertEquals(challenge, query.get("code_challenge"));
            assertFalse(request.toString().contains(state), "toString hides the state");
        }
    }
}
