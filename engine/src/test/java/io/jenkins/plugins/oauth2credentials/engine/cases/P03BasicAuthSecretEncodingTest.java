package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.GrantType;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenResponse;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * P03: RFC 6749 section 2.3.1 wants the client ID and secret form-encoded before they are joined
 * and Base64-encoded. Played against a compliant server that decodes the halves and a legacy
 * server that compares them raw.
 */
class P03BasicAuthSecretEncodingTest extends TokenEndpointCase {
    private static final String COMPLIANT_PATH = "/compliant/token";
    private static final String LEGACY_PATH = "/legacy/token";

    /** The case's vectors: client, secret and the one correct header. */
    record Vector(String clientId, String secret, String correctAuthorization) {
        @Override
        public String toString() {
            return clientId;
        }
    }

    private static final Vector PLUS = new Vector("my-client", "Abcd+1234",
            "Basic bXktY2xpZW50OkFiY2QlMkIxMjM0");
    private static final Vector SLASHES_AND_COLON = new Vector("1PpG/Q 1",
            "z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=",
            "Basic MVBwRyUyRlErMTp6JTJGdFo5VndGWnFBcG1JUSUyQlpIMUk1cExrJTJGdUI0dWQlM0FYMiUy"
                    + "RjhiTCUyQndmRlR0MXJGdyUzRA==");
    private static final Vector PERCENT_AND_POUND = new Vector("my-client", "p@ss:w0rd%&=+ \u00a3",
            "Basic bXktY2xpZW50OnAlNDBzcyUzQXcwcmQlMjUlMjYlM0QlMkIrJUMyJUEz");
    private static final String NAIVE_PLUS = "Basic bXktY2xpZW50OkFiY2QrMTIzNA==";

    static Stream<Vector> vectors() {
        return Stream.of(PLUS, SLASHES_AND_COLON, PERCENT_AND_POUND);
    }

    @Override
    Extension[] extensions() {
        Set<Map.Entry<String, String>> clients = vectors()
                .map(v -> Map.entry(v.clientId(), v.secret()))
                .collect(Collectors.toSet());
        return new Extension[] {
            ClientCheckingTokenEndpoint.compliant(clients),
            ClientCheckingTokenEndpoint.legacy(clients)
        };
    }

    @BeforeEach
    void stubEndpoints() {
        treatAsSecret(PLUS.secret(), SLASHES_AND_COLON.secret(), PERCENT_AND_POUND.secret());
        server.stubFor(post(urlEqualTo(COMPLIANT_PATH))
                .willReturn(aResponse().withTransformers(ClientCheckingTokenEndpoint.COMPLIANT)));
        server.stubFor(post(urlEqualTo(LEGACY_PATH))
                .willReturn(aResponse().withTransformers(ClientCheckingTokenEndpoint.LEGACY)));
    }

    private ClientConfiguration config(String path, String clientId, String secret,
            ClientAuthenticationMethod method) {
        return ClientConfiguration.builder()
                .clientId(clientId)
                .clientSecret(SecretValue.of(secret))
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .authenticationMethod(method)
                .scopes("read")
                .tokenUrl(baseUrl() + path)
                .build();
    }

    private ManagedCredential legacyCredential(String secret, ClientAuthenticationMethod method) {
        return credential("legacy", config(LEGACY_PATH, PLUS.clientId(), secret, method));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void P03_basicHeaderIsFormEncodedPerHalfAndAcceptedByCompliantServer(Vector vector)
            throws Exception {
        ClientConfiguration config = config(COMPLIANT_PATH, vector.clientId(), vector.secret(),
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC);

        TokenResponse response = client.clientCredentials(config);

        assertEquals("AT-" + ClientCheckingTokenEndpoint.COMPLIANT, response.accessToken().reveal());
        LoggedRequest request = assertTokenRequests(1).get(0);
        assertEquals(vector.correctAuthorization(), request.getHeader("Authorization"));
        assertEquals(Map.of("grant_type", "client_credentials", "scope", "read"), formOf(request));
    }

    @Test
    void P03_compliantServerRejectsTheNaiveHeader() throws Exception {
        // The mock tells the encodings apart, so the 200s above prove the engine's encoding.
        HttpRequest naive = HttpRequest.newBuilder()
                .uri(URI.create(baseUrl() + COMPLIANT_PATH))
                .header("Authorization", NAIVE_PLUS)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=read"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(naive, HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains(OAuthError.INVALID_CLIENT));
    }

    @Test
    void P03_legacyServerRejectsEncodedBasicAndLogNamesMethodNotSecret() throws Exception {
        ManagedCredential legacy =
                legacyCredential(PLUS.secret(), ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        TokenManager manager = newManager();

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.refresh(legacy, RefreshTrigger.MANUAL));

        assertEquals(401, e.httpStatus());
        assertEquals(FailureKind.REJECTED, e.kind());
        assertEquals(OAuthError.INVALID_CLIENT, e.oauthError().code());
        assertEquals(CredentialStatus.FAILING, stateOnDisk(legacy).status());
        RefreshLogEntry entry = logOnDisk(legacy).get(0);
        assertEquals(OAuthError.INVALID_CLIENT, entry.error());
        assertTrue(entry.message().contains("client_secret_basic"), entry.message());
        assertSecretAbsent(entry, PLUS.secret());
        LoggedRequest request = assertTokenRequests(1).get(0);
        assertEquals(PLUS.correctAuthorization(), request.getHeader("Authorization"));
    }

    @Test
    void P03_clientSecretPostSendsCredentialsInBodyAndPassesLegacyServer() throws Exception {
        ManagedCredential legacy =
                legacyCredential(PLUS.secret(), ClientAuthenticationMethod.CLIENT_SECRET_POST);

        TokenState state = newManager().refresh(legacy, RefreshTrigger.MANUAL);

        assertEquals("AT-" + ClientCheckingTokenEndpoint.LEGACY, state.tokens().accessToken().reveal());
        LoggedRequest request = assertTokenRequests(1).get(0);
        assertEquals("grant_type=client_credentials&scope=read"
                + "&client_id=my-client&client_secret=Abcd%2B1234", request.getBodyAsString());
        server.verify(postRequestedFor(urlEqualTo(LEGACY_PATH)).withHeader("Authorization", absent()));
    }

    @Test
    void P03_rejectedClientSecretPostLogNamesMethodNotSecret() throws Exception {
        String wrong = "Wr0ng+Secret:%&";
        treatAsSecret(wrong);
        ManagedCredential legacy = legacyCredential(wrong, ClientAuthenticationMethod.CLIENT_SECRET_POST);

        assertThrows(TokenEndpointException.class,
                () -> newManager().refresh(legacy, RefreshTrigger.MANUAL));

        RefreshLogEntry entry = logOnDisk(legacy).get(0);
        assertEquals(OAuthError.INVALID_CLIENT, entry.error());
        assertTrue(entry.message().contains("client_secret_post"), entry.message());
        assertSecretAbsent(entry, wrong);
        assertTokenRequests(1);
    }

    private static void assertSecretAbsent(RefreshLogEntry entry, String secret) {
        for (String text : List.of(String.valueOf(entry.message()),
                String.valueOf(entry.errorDescription()))) {
            assertFalse(text.contains(secret) || text.contains(FormEncoding.encode(secret)), text);
        }
    }
}
