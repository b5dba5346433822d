package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.GrantType;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import io.jenkins.plugins.oauth2credentials.engine.testing.LogCapture;
import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token endpoint played by an in-process WireMock on 127.0.0.1, a state folder, a clock the
 * test moves, and the engine wired to them through its public API. After every test it checks
 * the requests every case demands (JSON asked for, form body, nothing in the query string) and
 * that no registered secret reached the engine's log.
 */
abstract class TokenEndpointCase {
    static final String TOKEN_PATH = "/oauth2/token";
    static final String AUTHORIZE_PATH = "/oauth2/authorize";
    static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    static final String CLIENT_ID = "jenkins-ci";
    // Characters that break naive encodings, so a leak or a mangled secret shows.
    static final String CLIENT_SECRET = "cs-Sp3cial+/:%&=Secret";
    static final String REDIRECT_URI = "https://jenkins.example.test/oauth2/callback";
    static final String ADMIN = "admin";

    final TestClock clock = new TestClock(T0);
    final AesGcmTestCipher cipher = new AesGcmTestCipher();
    /** The documented defaults, spelled out so that the delays the tests expect are visible. */
    final RefreshPolicy policy = new RefreshPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofMinutes(30));
    private final List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET));

    @TempDir
    Path stateDir;
    WireMockServer server;
    TokenEndpointClient client;
    LogCapture engineLog;
    private ScribeJavaTransport transport;

    @BeforeEach
    void startTokenEndpoint() {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .notifier(new QuietNotifier())
                .extensions(extensions()));
        server.start();
        transport = new ScribeJavaTransport(2_000, 5_000, 64 * 1024);
        client = new TokenEndpointClient(transport);
        engineLog = LogCapture.of(LogCapture.ENGINE);
    }

    @AfterEach
    void stopTokenEndpoint() throws IOException {
        engineLog.close();
        transport.close();
        server.stop();
        for (String line : engineLog.lines()) {
            for (String secret : secrets) {
                String encoded = FormEncoding.encode(secret);
                assertFalse(line.contains(secret) || line.contains(encoded), "a secret reached the engine"
                        + " log: " + line.replace(secret, "<secret>").replace(encoded, "<secret>"));
            }
        }
    }

    /** WireMock extensions a case needs, such as a token endpoint that checks the client. */
    Extension[] extensions() {
        return new Extension[0];
    }

    /** Values that must never reach the engine's log (the client secret is always one). */
    void treatAsSecret(String... values) {
        secrets.addAll(List.of(values));
    }

    String baseUrl() {
        // Not server.baseUrl(): its "localhost" may resolve to ::1, where nothing listens.
        return "http://127.0.0.1:" + server.port();
    }

    String tokenUrl() {
        return baseUrl() + TOKEN_PATH;
    }

    ClientConfiguration.Builder clientCredentialsConfig() {
        return ClientConfiguration.builder()
                .clientId(CLIENT_ID)
                .clientSecret(SecretValue.of(CLIENT_SECRET))
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .tokenUrl(tokenUrl());
    }

    ClientConfiguration.Builder authorizationCodeConfig() {
        return ClientConfiguration.builder()
                .clientId(CLIENT_ID)
                .clientSecret(SecretValue.of(CLIENT_SECRET))
                .grantType(GrantType.AUTHORIZATION_CODE)
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationUrl(baseUrl() + AUTHORIZE_PATH)
                .tokenUrl(tokenUrl());
    }

    static ManagedCredential credential(String id, ClientConfiguration config) {
        return new ManagedCredential(id + "-key", id, config);
    }

    FileTokenStateStore store() {
        return new FileTokenStateStore(stateDir, cipher);
    }

    /** A fresh manager over the same folder: what a controller restart looks like to the engine. */
    TokenManager newManager() {
        return new TokenManager(client, store(), policy, clock);
    }

    /** Stores tokens for a credential as a previous successful grant would have left them. */
    void seed(ManagedCredential credential, TokenSet tokens) throws StateStoreException {
        TokenState state = new TokenState(tokens, CredentialStatus.HEALTHY, null, 0, null,
                tokens.obtainedAt(), credential.config().fingerprint());
        store().save(credential.stateKey(), state, null);
    }

    /** Bearer tokens obtained now; {@code validFor} null means the provider gave no expiry. */
    TokenSet tokens(String accessToken, String refreshToken, Duration validFor) {
        Instant now = clock.instant();
        Instant expiresAt = validFor == null ? null : now.plus(validFor);
        return new TokenSet(SecretValue.of(accessToken), "Bearer",
                SecretValue.ofNullable(refreshToken), null, now, expiresAt, null);
    }

    /** The state as a restarted controller would read it from disk. */
    TokenState stateOnDisk(ManagedCredential credential) throws StateStoreException {
        return store().load(credential.stateKey()).orElseThrow();
    }

    List<RefreshLogEntry> logOnDisk(ManagedCredential credential) throws StateStoreException {
        return store().loadLog(credential.stateKey());
    }

    AuthorizationRequest beginAuthorization(ManagedCredential credential) {
        return new PendingAuthorizations(clock)
                .begin(credential.config(), credential.stateKey(), ADMIN, REDIRECT_URI);
    }

    static MappingBuilder tokenPost() {
        return post(urlEqualTo(TOKEN_PATH));
    }

    /** A JSON answer; the body is written with {@code '} for {@code "} to keep it readable. */
    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body.replace('\'', '"'));
    }

    /** An HTML page, as gateways, firewalls and error pages send them. */
    static ResponseDefinitionBuilder html(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody(body);
    }

    static ResponseDefinitionBuilder form(int status, String body) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .withBody(body);
    }

    /** Every request the server received, oldest first. */
    List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    static Map<String, String> formOf(LoggedRequest request) {
        return FormEncoding.decode(request.getBodyAsString());
    }

    /**
     * Checks what every token request must look like: a form POST that asks for JSON, with no
     * query string (so no secret can be in a URL), and returns the requests for further checks.
     */
    List<LoggedRequest> assertTokenRequests(int expectedCount) {
        List<LoggedRequest> all = requests();
        assertEquals(expectedCount, all.size(), "token requests received");
        for (LoggedRequest request : all) {
            assertEquals("POST", request.getMethod().getName());
            assertFalse(request.getUrl().contains("?"), "query string in " + request.getUrl());
            assertEquals("application/json", request.getHeader("Accept"));
            String contentType = request.getHeader("Content-Type");
            assertTrue(contentType.startsWith("application/x-www-form-urlencoded"), contentType);
        }
        return all;
    }

    /** Asserts that the state holds exactly these tokens, as on disk after a restart too. */
    void assertTokensUnchanged(ManagedCredential credential, TokenSet expected)
            throws StateStoreException {
        TokenState onDisk = stateOnDisk(credential);
        assertNotNull(onDisk.tokens(), "tokens on disk");
        assertEquals(expected, onDisk.tokens());
    }

    /** The access token the manager hands out to a caller needing it for {@code minValidity}. */
    static String served(TokenManager manager, ManagedCredential credential, Duration minValidity)
            throws TokenUnavailableException {
        return manager.accessToken(credential, minValidity).accessToken().reveal();
    }

    /** The access token a refresh with this trigger obtained. */
    static String refreshed(TokenManager manager, ManagedCredential credential, RefreshTrigger trigger)
            throws TokenEndpointException, StateStoreException {
        return manager.refresh(credential, trigger).tokens().accessToken().reveal();
    }

    static void assertNoExpiry(TokenSet tokens) {
        assertNull(tokens.expiresAt(), "expiry must be unknown");
    }

    /** Swallows WireMock's console output, which would quote request bodies with secrets. */
    private static final class QuietNotifier implements Notifier {
        @Override
        public void info(String message) {}

        @Override
        public void error(String message) {}

        @Override
        public void error(String message, Throwable t) {}
    }
}
