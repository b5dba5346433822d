package io.jenkins.plugins.oauth2credentials.binding;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.testing.CredentialStores;
import io.jenkins.plugins.oauth2credentials.testing.LoopbackProvider;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.time.Duration;
import java.time.Instant;
import jenkins.model.Jenkins;

/**
 * A token endpoint for tests: WireMock on 127.0.0.1 with a free port, and helpers to create
 * OAuth 2.0 credentials that use it. A stub added later wins over earlier ones, so a test
 * changes what the provider answers by stubbing again.
 */
public final class TokenEndpoint extends LoopbackProvider {
    public static final String CLIENT_ID = "jenkins-test-client";
    /** Planted so that tests can prove it never leaves the controller or reaches a log. */
    public static final String CLIENT_SECRET = "planted-client-secret-4c7b1e90";

    /** Answers every request of this grant type with a Bearer token; no refresh token when null. */
    public void issues(String grantType, String accessToken, long expiresInSeconds,
            String refreshToken) {
        String refresh = refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"";
        String body = "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":" + expiresInSeconds + refresh + "}";
        server.stubFor(post(urlPathEqualTo("/token"))
                .withRequestBody(containing("grant_type=" + grantType))
                .willReturn(okJson(body)));
    }

    /** Answers every refresh with {@code invalid_grant}, as a provider does for a revoked grant. */
    public void revokesRefreshTokens() {
        server.stubFor(post(urlPathEqualTo("/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\","
                                + "\"error_description\":\"Token has been revoked.\"}")));
    }

    /** How many token requests of this grant type the endpoint received. */
    public int requests(String grantType) {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo("/token"))
                .withRequestBody(containing("grant_type=" + grantType)).build()).getCount();
    }

    /** A {@code client_credentials} credential against this endpoint, not yet stored. */
    public OAuth2AccessTokenCredentialsImpl clientCredentials(String id) throws Exception {
        return new OAuth2AccessTokenCredentialsImpl(CredentialsScope.GLOBAL, id, "Test API " + id,
                CLIENT_ID, Secret.fromString(CLIENT_SECRET), "read", "client_credentials", null,
                tokenUrl(), "client_secret_basic", null, null, null);
    }

    /** An {@code authorization_code} credential against this endpoint, not stored or authorized. */
    public OAuth2AccessTokenCredentialsImpl authorizationCode(String id) throws Exception {
        return new OAuth2AccessTokenCredentialsImpl(CredentialsScope.GLOBAL, id, "User API " + id,
                CLIENT_ID, Secret.fromString(CLIENT_SECRET), "read", "authorization_code",
                authorizationUrl(), tokenUrl(), "client_secret_basic", null, null, null);
    }

    /** Adds the credential to the global domain of the controller's system store. */
    public static <C extends OAuth2AccessTokenCredentialsImpl> C store(C credential)
            throws Exception {
        return CredentialStores.addTo(Jenkins.get(), credential);
    }

    /** The plain access token the credential hands out when asked for this validity. */
    public static String tokenOf(OAuth2AccessTokenCredentialsImpl credential, Duration minValidity)
            throws Exception {
        return credential.getAccessToken(minValidity).getToken().getPlainText();
    }

    /**
     * Ends an authorization as the callback would: the code exchange through the engine,
     * answered by whatever {@code authorization_code} stub is in place.
     */
    public static void authorize(OAuth2AccessTokenCredentialsImpl credential) throws Exception {
        OAuth2TokenService service = OAuth2TokenService.get();
        AuthorizationRequest request = service.pendingAuthorizations().begin(
                credential.toManagedCredential().config(), credential.getStateKey(), "admin",
                "http://localhost/jenkins/oauth2/callback");
        service.tokenManager().completeAuthorization(credential.toManagedCredential(), request,
                SecretValue.of("test-authorization-code"));
    }

    /** Waits until the credential's stored access token has expired (tests use one second). */
    public static void awaitExpiry(OAuth2AccessTokenCredentialsImpl credential) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            TokenSet tokens = OAuth2TokenService.get().tokenManager()
                    .state(credential.getStateKey()).tokens();
            if (tokens == null || tokens.isExpired(Instant.now())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the access token of " + credential.getId() + " did not expire");
    }
}
