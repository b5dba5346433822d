package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRejectedException;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.GrantType;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RandomTokens;
import io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import io.jenkins.plugins.oauth2credentials.engine.testing.RecordingTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The engine as the Jenkins layer wires it: a token endpoint client over the default transport,
 * an encrypted file store in a temporary folder and a token manager, plus the browser's part of
 * an authorization, played with plain HTTP.
 */
final class EngineHarness implements AutoCloseable {
    /** Reserved characters on purpose; the server never checks a secret's value. */
    static final SecretValue CLIENT_SECRET = SecretValue.of("s3cret+with:reserved%chars&more/=");
    static final String USER = "alice";
    static final RefreshPolicy POLICY = new RefreshPolicy(
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(30));

    final MockAuthorizationServer server;
    final RecordingTransport transport =
            new RecordingTransport(new ScribeJavaTransport(5_000, 10_000, 256 * 1024));
    final TokenEndpointClient client = new TokenEndpointClient(transport);
    final FileTokenStateStore store;
    final TokenManager manager;
    final PendingAuthorizations pending = new PendingAuthorizations(Clock.systemUTC());
    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    EngineHarness(MockAuthorizationServer server, Path stateDir) {
        this.server = server;
        this.store = new FileTokenStateStore(stateDir, new AesGcmTestCipher());
        this.manager = newManager();
    }

    /** Another manager over the same store: what a restarted controller sees. */
    TokenManager newManager() {
        return new TokenManager(client, store, POLICY, Clock.systemUTC());
    }

    ManagedCredential clientCredentials(String clientId, ClientAuthenticationMethod method) {
        return credential(ClientConfiguration.builder()
                .clientId(clientId)
                .clientSecret(CLIENT_SECRET)
                .authenticationMethod(method)
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .scopes("api read")
                .tokenUrl(server.tokenUrl())
                .build());
    }

    ManagedCredential authorizationCode(String clientId) {
        return credential(ClientConfiguration.builder()
                .clientId(clientId)
                .clientSecret(CLIENT_SECRET)
                .grantType(GrantType.AUTHORIZATION_CODE)
                // The server's authorize endpoint insists on openid.
                .scopes("openid offline_access")
                .authorizationUrl(server.authorizationUrl())
                .tokenUrl(server.tokenUrl())
                .build());
    }

    static ManagedCredential credential(ClientConfiguration config) {
        return new ManagedCredential(RandomTokens.newStateKey(), config.clientId(), config);
    }

    /** The provider's answer to the browser: a redirect to the callback with code and state. */
    record Callback(int status, URI location, Map<String, String> query) {
        String state() {
            return query.get("state");
        }

        SecretValue code() {
            return SecretValue.of(query.get("code"));
        }
    }

    /** Starts an authorization by {@link #USER} with the server's callback path. */
    AuthorizationRequest begin(ManagedCredential credential) {
        String key = credential.stateKey();
        return pending.begin(credential.config(), key, USER, server.redirectUri());
    }

    /** The callback's state check, as {@link #USER} for the credential. */
    AuthorizationRequest redeem(Callback callback, ManagedCredential credential)
            throws AuthorizationRejectedException {
        return pending.redeem(callback.state(), USER, credential.stateKey());
    }

    /** Sends the browser to the authorization URI; the redirect that comes back is not followed. */
    Callback visit(AuthorizationRequest request) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(request.authorizationUri())
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = browser.send(get, HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
            return new Callback(response.statusCode(), null, Map.of());
        }
        URI uri = URI.create(location);
        return new Callback(response.statusCode(), uri,
                uri.getRawQuery() == null ? Map.of() : FormEncoding.decode(uri.getRawQuery()));
    }

    /** The whole authorization: begin, browser round trip, state check, code exchange. */
    TokenState authorize(ManagedCredential credential) throws IOException, InterruptedException,
            AuthorizationRejectedException, TokenEndpointException, StateStoreException {
        Callback callback = visit(begin(credential));
        assertEquals(302, callback.status(), "the authorize endpoint redirects straight back");
        AuthorizationRequest redeemed = redeem(callback, credential);
        return manager.completeAuthorization(credential, redeemed, callback.code());
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
