package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import static io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
import static io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod.CLIENT_SECRET_POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenResponse;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.testing.Jwts;
import io.jenkins.plugins.oauth2credentials.engine.testing.RecordingTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The client credentials grant against mock-oauth2-server, through the engine's public API. */
class ClientCredentialsMockServerTest extends MockServerCase {
    @Test
    void basicAuthenticationObtainsBearerTokenIssuedToTheClient() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_BASIC);

        TokenResponse response = engine.client.clientCredentials(credential.config());

        assertEquals("Bearer", response.tokenType());
        assertEquals("api read", response.scope());
        assertNull(response.refreshToken(), "client credentials come without a refresh token");
        Duration lifetime = response.expiresIn();
        assertTrue(lifetime.compareTo(Duration.ofMinutes(59)) > 0
                && lifetime.compareTo(Duration.ofMinutes(60)) <= 0, lifetime.toString());
        JsonNode claims = Jwts.claims(response.accessToken());
        assertEquals("jenkins-ci", claims.path("sub").asText(), "client ID read from Basic");
        assertEquals(Set.of("api", "read"), texts(claims.path("aud")));

        RecordingTransport.Sent sent = engine.transport.last();
        assertTrue(sent.headers().get("Authorization").startsWith("Basic "));
        assertFalse(sent.form().containsKey("client_secret"), "no secret in the body");
        assertEquals("client_credentials", sent.form().get("grant_type"));
    }

    @Test
    void basicAuthenticationFormEncodesClientIdThatTheServerDecodesBack() throws Exception {
        // The server URL-decodes the Basic user name as RFC 6749 2.3.1 says; a raw ':' or '+'
        // would come back as another client ID. (It does not check the secret at all.)
        String clientId = "ci:jenkins+bot %41&x";
        ManagedCredential credential = engine.clientCredentials(clientId, CLIENT_SECRET_BASIC);

        TokenResponse response = engine.client.clientCredentials(credential.config());

        assertEquals(clientId, Jwts.claims(response.accessToken()).path("sub").asText());
    }

    @Test
    void postAuthenticationSendsClientCredentialsInTheBodyOnly() throws Exception {
        String clientId = "ci:post+client";
        ManagedCredential credential = engine.clientCredentials(clientId, CLIENT_SECRET_POST);

        TokenResponse response = engine.client.clientCredentials(credential.config());

        assertEquals(clientId, Jwts.claims(response.accessToken()).path("sub").asText());
        RecordingTransport.Sent sent = engine.transport.last();
        assertFalse(sent.headers().containsKey("Authorization"));
        assertEquals(clientId, sent.form().get("client_id"));
        assertEquals(EngineHarness.CLIENT_SECRET.reveal(), sent.form().get("client_secret"));
    }

    @Test
    void firstUseFetchesTokenThenMemoryAndStoreServeItWithoutRequests() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_BASIC);

        TokenSet first = engine.manager.accessToken(credential, Duration.ZERO);
        TokenSet again = engine.manager.accessToken(credential, Duration.ofMinutes(5));
        TokenSet afterRestart = engine.newManager().accessToken(credential, Duration.ofMinutes(5));

        assertEquals(1, engine.transport.count(), "one token request for three uses");
        assertEquals(first.accessToken(), again.accessToken());
        assertEquals(first.accessToken(), afterRestart.accessToken());
        TokenState state = engine.manager.state(credential.stateKey());
        assertEquals(CredentialStatus.HEALTHY, state.status());
        List<RefreshLogEntry> log = engine.manager.log(credential.stateKey());
        assertEquals(1, log.size());
        assertEquals(RefreshTrigger.USE, log.get(0).trigger());
        assertEquals("client_credentials", log.get(0).grant());
        assertTrue(log.get(0).succeeded());
    }

    @Test
    void stateFileHoldsNoTokenInPlainText() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_BASIC);

        SecretValue token = engine.manager.accessToken(credential, Duration.ZERO).accessToken();

        List<Path> files;
        try (Stream<Path> listing = Files.list(stateDir)) {
            files = listing.toList();
        }
        assertEquals(1, files.size(), files.toString());
        String onDisk = new String(Files.readAllBytes(files.get(0)), StandardCharsets.ISO_8859_1);
        assertFalse(onDisk.contains(token.reveal().substring(0, 40)));
    }

    @Test
    void concurrentFirstUsesShareOneTokenRequest() throws Exception {
        ManagedCredential credential = engine.clientCredentials("jenkins-ci", CLIENT_SECRET_BASIC);
        int callers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<TokenSet>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<TokenSet> use = () -> {
                    go.await();
                    return engine.manager.accessToken(credential, Duration.ZERO);
                };
                results.add(pool.submit(use));
            }
            go.countDown();
            Set<SecretValue> tokens = new HashSet<>();
            for (Future<TokenSet> result : results) {
                tokens.add(result.get().accessToken());
            }
            assertEquals(1, tokens.size(), "every caller got the same token");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, engine.transport.count());
        assertEquals(1, engine.manager.log(credential.stateKey()).size());
    }

    @Test
    void scheduledRefreshFetchesANewTokenForEveryCredential() throws Exception {
        List<ManagedCredential> credentials = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            credentials.add(engine.clientCredentials("client-" + i, CLIENT_SECRET_BASIC));
        }
        ManagedCredential first = credentials.get(0);
        SecretValue before = engine.manager.accessToken(first, Duration.ZERO).accessToken();

        RefreshSummary summary = engine.manager.refreshAllDue(credentials, 3);

        assertEquals(5, summary.refreshed(), summary.toString());
        assertEquals(0, summary.failed() + summary.needsReauthorization() + summary.skipped());
        assertEquals(6, engine.transport.count());
        Set<SecretValue> tokens = new HashSet<>();
        for (ManagedCredential credential : credentials) {
            TokenState state = engine.manager.state(credential.stateKey());
            assertEquals(CredentialStatus.HEALTHY, state.status());
            assertEquals(credential.config().clientId(),
                    Jwts.claims(state.tokens().accessToken()).path("sub").asText());
            tokens.add(state.tokens().accessToken());
        }
        assertEquals(5, tokens.size());
        assertNotEquals(before, engine.manager.state(first.stateKey()).tokens().accessToken());
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> values = new HashSet<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode()) {
            values.add(node.asText());
        }
        return values;
    }
}
