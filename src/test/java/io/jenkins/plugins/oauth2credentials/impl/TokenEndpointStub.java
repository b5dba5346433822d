package io.jenkins.plugins.oauth2credentials.impl;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import hudson.model.ModelObject;
import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.testing.CredentialStores;
import io.jenkins.plugins.oauth2credentials.testing.LoopbackProvider;

/**
 * A provider's token endpoint for JenkinsRule tests: WireMock on 127.0.0.1 with a free port,
 * and OAuth 2.0 credentials that use it. The planted secret and tokens have distinctive values
 * so that a test can search pages and files for them. A later stub wins over earlier ones.
 */
public final class TokenEndpointStub extends LoopbackProvider {
    public static final String CLIENT_ID = "test-client-id";
    public static final String CLIENT_SECRET = "planted-client-secret-5d2e8a";
    public static final String ACCESS_TOKEN = "planted-access-token-9c41f7";
    public static final String REFRESH_TOKEN = "planted-refresh-token-3b6d02";

    /** Every token request gets {@link #ACCESS_TOKEN}, valid for an hour, with scope "read". */
    public TokenEndpointStub issuesAccessToken() {
        return answers(okJson("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"scope\":\"read\"}"));
    }

    /** Every token request gets {@link #ACCESS_TOKEN} and {@link #REFRESH_TOKEN}. */
    public TokenEndpointStub issuesAccessAndRefreshToken() {
        return answers(okJson("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"refresh_token\":\"" + REFRESH_TOKEN + "\"}"));
    }

    /** Every token request gets an OAuth error response. */
    public TokenEndpointStub rejects(int status, String error, String description) {
        return answers(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}"));
    }

    /** Every token request gets this answer, whatever it is (an HTML page, plain text). */
    public TokenEndpointStub answers(int status, String contentType, String body) {
        return answers(aResponse().withStatus(status).withHeader("Content-Type", contentType)
                .withBody(body));
    }

    private TokenEndpointStub answers(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(response));
        return this;
    }

    /** How many token requests arrived. */
    public int tokenRequests() {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo("/token")).build()).getCount();
    }

    /** The {@code Authorization} header of the newest token request, or null. */
    public String lastAuthorizationHeader() {
        var events = server.getAllServeEvents();
        return events.isEmpty() ? null : events.get(0).getRequest().getHeader("Authorization");
    }

    /** A {@code client_credentials} credential against this endpoint, not yet stored. */
    public OAuth2AccessTokenCredentialsImpl clientCredentials(String id) throws Exception {
        return new OAuth2AccessTokenCredentialsImpl(CredentialsScope.GLOBAL, id, "API " + id, CLIENT_ID,
                Secret.fromString(CLIENT_SECRET), "read", "client_credentials", "", tokenUrl(),
                "client_secret_basic", "", "audience=https://api.example", " ");
    }

    /** An {@code authorization_code} credential against this endpoint, not yet stored. */
    public OAuth2AccessTokenCredentialsImpl authorizationCode(String id) throws Exception {
        return new OAuth2AccessTokenCredentialsImpl(CredentialsScope.GLOBAL, id, "User API " + id, CLIENT_ID,
                Secret.fromString(CLIENT_SECRET), "read offline_access", "authorization_code",
                authorizationUrl(), tokenUrl(), "client_secret_post", "prompt=consent", "", " ");
    }

    /** The credentials store that belongs to this context itself (Jenkins or a folder). */
    public static CredentialsStore storeOf(ModelObject context) {
        return CredentialStores.storeOf(context);
    }

    /** Adds the credential to the global domain of the context's own store. */
    public static <C extends OAuth2AccessTokenCredentialsImpl> C addTo(ModelObject context, C credential)
            throws Exception {
        return CredentialStores.addTo(context, credential);
    }
}
