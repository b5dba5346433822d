package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import org.junit.jupiter.api.Test;

/**
 * P12: RFC 6749 section 3.3 scopes are space-delimited; a typed comma list must be normalized,
 * and the few providers that want commas get them only when configured.
 */
class P12ScopeSeparatorTest extends TokenEndpointCase {
    private static final String TYPED = "openid, profile,email\noffline_access";
    private static final String SPACE_JOINED = "openid profile email offline_access";

    private ManagedCredential entra() {
        return credential("entra", authorizationCodeConfig().scopes(TYPED).build());
    }

    @Test
    void P12_typedScopeListIsSpaceJoinedInAuthorizationUrlAndRefresh() throws Exception {
        treatAsSecret("AT1", "RT1", "AT2");
        server.stubFor(tokenPost().withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(json(200, "{'access_token':'AT1','refresh_token':'RT1',"
                        + "'expires_in':3600,'scope':'" + SPACE_JOINED + "'}")));
        server.stubFor(tokenPost().withFormParam("grant_type", equalTo("refresh_token"))
                .willReturn(json(200, "{'access_token':'AT2','expires_in':3600}")));
        ManagedCredential entra = entra();
        TokenManager manager = newManager();

        AuthorizationRequest request = beginAuthorization(entra);
        String query = request.authorizationUri().getRawQuery();

        assertTrue(query.contains("&scope=openid+profile+email+offline_access&"), query);
        assertFalse(query.contains("%2C"), query);
        manager.completeAuthorization(entra, request, SecretValue.of("code"));
        manager.refresh(entra, RefreshTrigger.MANUAL);
        assertEquals(SPACE_JOINED, formOf(assertTokenRequests(2).get(1)).get("scope"));
    }

    @Test
    void P12_clientCredentialsBodyCarriesNormalizedScopesAndGrantedScopeIsKeptVerbatim()
            throws Exception {
        treatAsSecret("AT1");
        server.stubFor(tokenPost().willReturn(json(200, "{'access_token':'AT1','expires_in':3600,"
                + "'scope':'read:items  write:items'}")));
        ManagedCredential api =
                credential("api", clientCredentialsConfig().scopes("read:items,\nwrite:items").build());

        TokenSet tokens = newManager().refresh(api, RefreshTrigger.MANUAL).tokens();

        assertEquals("grant_type=client_credentials&scope=read%3Aitems+write%3Aitems",
                assertTokenRequests(1).get(0).getBodyAsString());
        assertEquals("read:items  write:items", tokens.scope(), "stored verbatim");
        assertNull(logOnDisk(api).get(0).message(), "nothing narrower than requested");
    }

    @Test
    void P12_commaSeparatorOptionJoinsWithCommasEverywhere() throws Exception {
        treatAsSecret("AT1");
        server.stubFor(tokenPost().willReturn(json(200, "{'access_token':'AT1'}")));
        ManagedCredential strava = credential("strava",
                authorizationCodeConfig().scopes("read activity:read").scopeSeparator(",").build());
        ManagedCredential service = credential("service",
                clientCredentialsConfig().scopes("read activity:read").scopeSeparator(",").build());

        String query = beginAuthorization(strava).authorizationUri().getRawQuery();
        client.clientCredentials(service.config());

        assertTrue(query.contains("&scope=read%2Cactivity%3Aread&"), query);
        assertEquals("read,activity:read", formOf(assertTokenRequests(1).get(0)).get("scope"));
    }

    @Test
    void P12_callbackErrorIsRecordedWithoutTokenExchange() throws Exception {
        ManagedCredential entra = entra();
        PendingAuthorizations pending = new PendingAuthorizations(clock);
        AuthorizationRequest request =
                pending.begin(entra.config(), entra.stateKey(), ADMIN, REDIRECT_URI);
        String description = "AADSTS650053: The application asked for scope"
                + " 'openid,profile,email,offline_access' that doesn't exist on the resource";
        TokenManager manager = newManager();

        AuthorizationRequest redeemed =
                pending.redeem(request.state().reveal(), ADMIN, entra.stateKey());
        manager.recordAuthorizationFailure(entra, new OAuthError("invalid_client", description, null),
                "The provider refused the authorization.");

        assertEquals(entra.stateKey(), redeemed.credentialKey());
        RefreshLogEntry entry = logOnDisk(entra).get(0);
        assertFalse(entry.succeeded());
        assertEquals(RefreshTrigger.AUTHORIZATION, entry.trigger());
        assertEquals("invalid_client", entry.error());
        assertEquals(description, entry.errorDescription());
        TokenState state = stateOnDisk(entra);
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state.status());
        assertNull(state.tokens());
        assertTokenRequests(0);
    }

    @Test
    void P12_narrowerGrantedScopeIsStoredVerbatimWithWarning() throws Exception {
        treatAsSecret("AT1");
        server.stubFor(tokenPost().willReturn(json(200, "{'access_token':'AT1','expires_in':3600,"
                + "'scope':'read:items write:items'}")));
        ManagedCredential api = credential("api",
                clientCredentialsConfig().scopes("read:items write:items admin:items").build());

        TokenSet tokens = newManager().refresh(api, RefreshTrigger.MANUAL).tokens();

        assertEquals("read:items write:items", tokens.scope());
        String note = logOnDisk(api).get(0).message();
        assertNotNull(note, "a warning in the credential log");
        assertTrue(note.contains("admin:items") && !note.contains("read:items"), note);
        LoggedRequest request = assertTokenRequests(1).get(0);
        assertEquals("read:items write:items admin:items", formOf(request).get("scope"));
    }
}
