package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.JENKINS_USER;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.authorizationCode;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.credential;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.logIn;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.manager;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.store;
import static io.jenkins.plugins.oauth2credentials.engine.testing.Jwts.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRejectedException;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The authorization code grant with PKCE through Keycloak's real login form. Keycloak requires
 * S256 for this client and checks the verifier, the redirect URI and single use of the code,
 * which mock-oauth2-server does not.
 */
class KeycloakAuthorizationCodeTest extends KeycloakCase {
    private final PendingAuthorizations pending = new PendingAuthorizations(Clock.systemUTC());

    @Test
    void loginThroughTheFormThenCodeExchangeWithPkceStoresTokensOfTheUser() throws Exception {
        ManagedCredential credential = credential("keycloak-code", authorizationCode(keycloak));
        TokenManager manager = manager(transport, store(stateDir));

        KeycloakFixtures.CompletedLogin login = logIn(keycloak, pending, credential);
        AuthorizationRequest request = login.request();
        KeycloakLoginForm.Callback callback = login.callback();
        Map<String, String> asked = FormEncoding.decode(request.authorizationUri().getRawQuery());
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals(TestRealm.redirectUri(), callback.target(), "Keycloak sends the browser back");
        assertEquals(request.state().reveal(), callback.state());

        AuthorizationRequest redeemed = pending.redeem(callback.state(), JENKINS_USER, credential.stateKey());
        assertEquals(0, pending.size());
        SecretValue code = SecretValue.of(callback.code());
        TokenState state = manager.completeAuthorization(credential, redeemed, code);

        Map<String, String> exchange = transport.last().form();
        assertEquals("authorization_code", exchange.get("grant_type"));
        assertEquals(TestRealm.redirectUri(), exchange.get("redirect_uri"));
        assertEquals(request.codeVerifier().reveal(), exchange.get("code_verifier"));

        assertEquals(CredentialStatus.HEALTHY, state.status());
        assertNotNull(state.tokens().refreshToken(), "Keycloak issues refresh tokens with this grant");
        JsonNode claims = claims(state.tokens().accessToken());
        assertEquals(TestRealm.CLIENT_CODE, claims.path("azp").asText());
        assertEquals(TestRealm.userName(), claims.path("preferred_username").asText());

        TokenState stored = store(stateDir).load(credential.stateKey()).orElseThrow();
        assertEquals(state.tokens().refreshToken(), stored.tokens().refreshToken());
        RefreshLogEntry entry = last(store(stateDir).loadLog(credential.stateKey()));
        assertTrue(entry.succeeded());
        assertEquals(RefreshTrigger.AUTHORIZATION, entry.trigger());
        assertTrue(entry.message().contains(JENKINS_USER), entry.message());
    }

    @Test
    void stateFromTheCallbackCanBeRedeemedOnlyOnce() throws Exception {
        ManagedCredential credential = credential("keycloak-code", authorizationCode(keycloak));
        String state = logIn(keycloak, pending, credential).callback().state();

        pending.redeem(state, JENKINS_USER, credential.stateKey());
        AuthorizationRejectedException replay = assertThrows(AuthorizationRejectedException.class,
                () -> pending.redeem(state, JENKINS_USER, credential.stateKey()));

        assertEquals(AuthorizationRejectedException.Reason.UNKNOWN_STATE, replay.reason());
    }

    @Test
    void codeExchangedWithAnotherVerifierIsRefused() throws Exception {
        ManagedCredential credential = credential("keycloak-code", authorizationCode(keycloak));
        SecretValue code = SecretValue.of(logIn(keycloak, pending, credential).callback().code());
        SecretValue otherVerifier = SecretValue.of("A".repeat(43));
        TokenEndpointClient client = new TokenEndpointClient(transport);

        TokenEndpointException e = assertThrows(TokenEndpointException.class, () -> client
                .authorizationCode(credential.config(), code, TestRealm.redirectUri(), otherVerifier));

        assertInvalidGrant(e);
    }

    @Test
    void codeExchangedWithAnotherRedirectUriIsRefused() throws Exception {
        ManagedCredential credential = credential("keycloak-code", authorizationCode(keycloak));
        KeycloakFixtures.CompletedLogin login = logIn(keycloak, pending, credential);
        SecretValue code = SecretValue.of(login.callback().code());
        SecretValue verifier = login.request().codeVerifier();
        String otherRedirect = TestRealm.redirectUri() + "/elsewhere";
        TokenEndpointClient client = new TokenEndpointClient(transport);

        TokenEndpointException e = assertThrows(TokenEndpointException.class, () -> client
                .authorizationCode(credential.config(), code, otherRedirect, verifier));

        assertInvalidGrant(e);
    }

    @Test
    void replayedCodeIsRefusedAndTheStoredTokensStay() throws Exception {
        ManagedCredential credential = credential("keycloak-code", authorizationCode(keycloak));
        TokenManager manager = manager(transport, store(stateDir));
        KeycloakFixtures.CompletedLogin login = logIn(keycloak, pending, credential);
        SecretValue code = SecretValue.of(login.callback().code());
        TokenState first = manager.completeAuthorization(credential, login.request(), code);

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.completeAuthorization(credential, login.request(), code));

        assertInvalidGrant(e);
        assertFalse(e.getMessage().contains(code.reveal()), "the code is never quoted back");
        TokenState stored = store(stateDir).load(credential.stateKey()).orElseThrow();
        assertEquals(CredentialStatus.HEALTHY, stored.status());
        assertEquals(first.tokens().accessToken(), stored.tokens().accessToken());
        List<RefreshLogEntry> log = store(stateDir).loadLog(credential.stateKey());
        assertEquals(2, log.size());
        assertFalse(last(log).succeeded());
        assertEquals(OAuthError.INVALID_GRANT, last(log).error());
        assertNotEquals(0, last(log).httpStatus());
    }

    private static void assertInvalidGrant(TokenEndpointException e) {
        assertEquals(400, e.httpStatus());
        assertEquals(OAuthError.INVALID_GRANT, e.oauthError().code(), e.getMessage());
        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
    }

    private static RefreshLogEntry last(List<RefreshLogEntry> log) {
        assertFalse(log.isEmpty(), "the refresh log is empty");
        return log.get(log.size() - 1);
    }
}
