package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.clientCredentials;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.credential;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.manager;
import static io.jenkins.plugins.oauth2credentials.engine.keycloak.KeycloakFixtures.store;
import static io.jenkins.plugins.oauth2credentials.engine.testing.Jwts.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenResponse;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.testing.RecordingTransport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client credentials grant against Keycloak, which checks the secret's value. */
class KeycloakClientCredentialsTest extends KeycloakCase {
    @Test
    void clientSecretBasicObtainsTokenIssuedToTheClientAndStoresIt() throws Exception {
        ManagedCredential credential = credential("cc-basic", clientCredentials(keycloak,
                TestRealm.CLIENT_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                TestRealm.secretOf(TestRealm.CLIENT_BASIC)));
        TokenManager manager = manager(transport, store(stateDir));
        Instant before = Instant.now();

        TokenSet tokens = manager.accessToken(credential, Duration.ofMinutes(1));

        assertEquals(TestRealm.CLIENT_BASIC, claims(tokens.accessToken()).path("azp").asText());
        assertEquals("Bearer", tokens.tokenType());
        assertNotNull(tokens.expiresAt(), "Keycloak sends expires_in");
        assertTrue(tokens.expiresAt().isAfter(before.plus(Duration.ofMinutes(4))), "300 s ahead");

        RecordingTransport.Sent sent = transport.last();
        assertTrue(sent.headers().get("Authorization").startsWith("Basic "));
        assertFalse(sent.form().containsKey("client_secret"), "the secret goes only in the header");
        assertEquals("client_credentials", sent.form().get("grant_type"));

        // A new store over the same folder reads what a restarted controller would.
        TokenState stored = store(stateDir).load(credential.stateKey()).orElseThrow();
        assertEquals(CredentialStatus.HEALTHY, stored.status());
        assertEquals(tokens.accessToken(), stored.tokens().accessToken());
        RefreshLogEntry entry = single(store(stateDir).loadLog(credential.stateKey()));
        assertTrue(entry.succeeded());
        assertEquals(RefreshTrigger.USE, entry.trigger());
        assertEquals("client_credentials", entry.grant());
        assertEquals(200, entry.httpStatus());
    }

    @Test
    void clientSecretPostObtainsTokenWithCredentialsInTheBody() throws Exception {
        SecretValue secret = TestRealm.secretOf(TestRealm.CLIENT_POST);
        ClientConfiguration config = clientCredentials(keycloak, TestRealm.CLIENT_POST,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, secret);

        TokenResponse response = new TokenEndpointClient(transport).clientCredentials(config);

        assertEquals(TestRealm.CLIENT_POST, claims(response.accessToken()).path("azp").asText());
        assertNotNull(response.expiresIn());
        RecordingTransport.Sent sent = transport.last();
        assertNull(sent.headers().get("Authorization"), "no Basic header with client_secret_post");
        assertEquals(TestRealm.CLIENT_POST, sent.form().get("client_id"));
        assertEquals(secret.reveal(), sent.form().get("client_secret"));
    }

    @ParameterizedTest
    @EnumSource(names = {"CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"})
    void wrongSecretIsRejectedNamingTheMethodButNeverTheSecret(ClientAuthenticationMethod method)
            throws Exception {
        SecretValue wrong = SecretValue.of("not-the-secret-Pq7Zx3");
        ManagedCredential credential = credential("cc-wrong",
                clientCredentials(keycloak, TestRealm.CLIENT_BASIC, method, wrong));
        TokenManager manager = manager(transport, store(stateDir));

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.refresh(credential, RefreshTrigger.MANUAL));

        assertEquals(FailureKind.REJECTED, e.kind());
        assertEquals(401, e.httpStatus());
        // Keycloak says unauthorized_client where RFC 6749 says invalid_client: both are REJECTED.
        Set<String> refusals = Set.of(OAuthError.UNAUTHORIZED_CLIENT, OAuthError.INVALID_CLIENT);
        assertTrue(refusals.contains(e.oauthError().code()), e.oauthError().code());
        assertTrue(e.getMessage().contains(method.wireName()), e.getMessage());
        assertFalse(e.getMessage().contains(wrong.reveal()));

        TokenState stored = store(stateDir).load(credential.stateKey()).orElseThrow();
        assertEquals(CredentialStatus.FAILING, stored.status());
        assertNull(stored.tokens());
        assertEquals(FailureKind.REJECTED, stored.lastFailure().kind());
        RefreshLogEntry entry = single(store(stateDir).loadLog(credential.stateKey()));
        assertFalse(entry.succeeded());
        assertEquals(401, entry.httpStatus());
        assertEquals(e.oauthError().code(), entry.error());
        assertSecretAbsentFromStateFiles(wrong);
    }

    @Test
    void secretWithReservedCharactersIsAcceptedThroughFormEncodedBasic() throws Exception {
        SecretValue secret = TestRealm.secretOf(TestRealm.CLIENT_SPECIAL);
        assertHasCharactersThatNeedEncoding(secret);
        ClientConfiguration config = clientCredentials(keycloak, TestRealm.CLIENT_SPECIAL,
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, secret);

        TokenResponse response = new TokenEndpointClient(transport).clientCredentials(config);

        assertEquals(TestRealm.CLIENT_SPECIAL, claims(response.accessToken()).path("azp").asText());
        String encoded = FormEncoding.encode(TestRealm.CLIENT_SPECIAL) + ":"
                + FormEncoding.encode(secret.reveal());
        assertEquals(basic(encoded), transport.last().headers().get("Authorization"));
    }

    @Test
    void secretWithReservedCharactersIsAcceptedThroughPost() throws Exception {
        SecretValue secret = TestRealm.secretOf(TestRealm.CLIENT_SPECIAL);
        ClientConfiguration config = clientCredentials(keycloak, TestRealm.CLIENT_SPECIAL,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, secret);

        TokenResponse response = new TokenEndpointClient(transport).clientCredentials(config);

        assertEquals(TestRealm.CLIENT_SPECIAL, claims(response.accessToken()).path("azp").asText());
    }

    /**
     * Documents the gap in scribejava 8.3.3 that the engine's own client authentication closes:
     * its Basic scheme joins the raw ID and secret, and Keycloak, decoding as RFC 6749 section
     * 2.3.1 says, reads another secret.
     */
    @Test
    void sameSecretSentAsUnencodedBasicIsRejectedByKeycloak() throws Exception {
        SecretValue secret = TestRealm.secretOf(TestRealm.CLIENT_SPECIAL);
        HttpRequest request = HttpRequest.newBuilder(keycloak.tokenEndpoint())
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(TestRealm.CLIENT_SPECIAL + ":" + secret.reveal()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();

        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"unauthorized_client\""), response.body());
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertHasCharactersThatNeedEncoding(SecretValue secret) {
        for (String c : List.of("+", ":", "%", "&", "/")) {
            assertTrue(secret.reveal().contains(c), "the realm's special secret lost its " + c);
        }
    }

    private void assertSecretAbsentFromStateFiles(SecretValue secret) throws IOException {
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path file : files.toList()) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                assertFalse(content.contains(secret.reveal()), "secret in " + file.getFileName());
            }
        }
    }

    private static RefreshLogEntry single(List<RefreshLogEntry> log) {
        assertEquals(1, log.size(), "log entries");
        return log.get(0);
    }
}
