package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenResponse;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * P01: GitHub answers {@code application/x-www-form-urlencoded} unless the request asks for
 * JSON, reports scopes comma-separated and the token type in lower case.
 */
class P01GitHubFormEncodedResponseTest extends TokenEndpointCase {
    private static final String FORM_A =
            "access_token=gho_TESTACCESS0001&scope=repo%2Cgist&token_type=bearer";
    private static final String FORM_B = "access_token=ghu_TESTACCESS0002&expires_in=28800"
            + "&refresh_token=ghr_TESTREFRESH0002&refresh_token_expires_in=15811200"
            + "&scope=&token_type=bearer";
    private static final String JSON_C =
            "{'access_token':'gho_TESTACCESS0001','token_type':'bearer','scope':'repo,gist'}";

    private ManagedCredential github(ClientConfiguration.Builder builder) {
        return credential("github", builder.scopes("repo gist").build());
    }

    @Test
    void P01_formEncodedCodeExchangeIsParsedAndNeedsNoRefresh() throws Exception {
        treatAsSecret("gho_TESTACCESS0001");
        server.stubFor(tokenPost().willReturn(form(200, FORM_A)));
        ManagedCredential github = github(authorizationCodeConfig());
        TokenManager manager = newManager();

        AuthorizationRequest request = beginAuthorization(github);
        TokenState state = manager.completeAuthorization(github, request, SecretValue.of("code-A"));

        TokenSet tokens = state.tokens();
        assertEquals("gho_TESTACCESS0001", tokens.accessToken().reveal());
        assertEquals("repo,gist", tokens.scope(), "scope stored verbatim");
        assertEquals("Bearer", tokens.tokenType());
        assertNoExpiry(tokens);
        assertNull(tokens.refreshToken());
        assertEquals(tokens, stateOnDisk(github).tokens());

        // An OAuth App token does not expire and has no refresh token: nothing to schedule.
        assertFalse(manager.isDue(github));
        RefreshSummary summary = manager.refreshAllDue(List.of(github), 1);
        assertEquals(1, summary.skipped());
        assertEquals("gho_TESTACCESS0001", served(manager, github, Duration.ofMinutes(5)));

        Map<String, String> body = formOf(assertTokenRequests(1).get(0));
        assertEquals("authorization_code", body.get("grant_type"));
        assertEquals("code-A", body.get("code"));
        assertEquals(REDIRECT_URI, body.get("redirect_uri"));
        assertEquals(request.codeVerifier().reveal(), body.get("code_verifier"));
        assertEquals(CLIENT_ID, body.get("client_id"));
        assertEquals(CLIENT_SECRET, body.get("client_secret"));
        assertOnlySuccessesLogged(github, 1);
    }

    @Test
    void P01_formEncodedRefreshReplacesRefreshTokenAndComputesBothExpiries() throws Exception {
        treatAsSecret("ghu_TESTACCESS0001", "ghr_TESTREFRESH0001",
                "ghu_TESTACCESS0002", "ghr_TESTREFRESH0002");
        server.stubFor(tokenPost().willReturn(form(200, FORM_B)));
        ManagedCredential github = github(authorizationCodeConfig());
        seed(github, tokens("ghu_TESTACCESS0001", "ghr_TESTREFRESH0001", Duration.ofHours(8)));
        clock.advance(Duration.ofHours(8).minusSeconds(30));
        Instant receivedAt = clock.instant();

        TokenSet tokens = newManager().accessToken(github, Duration.ofMinutes(1));

        assertEquals("ghu_TESTACCESS0002", tokens.accessToken().reveal());
        assertEquals("ghr_TESTREFRESH0002", tokens.refreshToken().reveal());
        assertEquals(receivedAt.plusSeconds(28800), tokens.expiresAt());
        assertEquals(receivedAt.plusSeconds(15811200), tokens.refreshTokenExpiresAt());
        assertEquals(tokens, stateOnDisk(github).tokens());

        Map<String, String> body = formOf(assertTokenRequests(1).get(0));
        assertEquals("refresh_token", body.get("grant_type"));
        assertEquals("ghr_TESTREFRESH0001", body.get("refresh_token"));
        assertOnlySuccessesLogged(github, 1);
    }

    @Test
    void P01_jsonAnswerToAcceptHeaderGivesTheSameTokens() throws Exception {
        treatAsSecret("gho_TESTACCESS0001");
        // Like GitHub: a form unless JSON is asked for.
        server.stubFor(tokenPost().atPriority(2).willReturn(form(200, FORM_A)));
        server.stubFor(tokenPost().atPriority(1).withHeader("Accept", equalTo("application/json"))
                .willReturn(json(200, JSON_C)));
        ManagedCredential github = github(authorizationCodeConfig());

        TokenState state = newManager().completeAuthorization(github, beginAuthorization(github),
                SecretValue.of("code-C"));

        assertEquals("gho_TESTACCESS0001", state.tokens().accessToken().reveal());
        assertEquals("repo,gist", state.tokens().scope());
        assertNoExpiry(state.tokens());
        assertTokenRequests(1);
        assertOnlySuccessesLogged(github, 1);
    }

    @Test
    void P01_everyGrantAsksForJson() throws Exception {
        server.stubFor(tokenPost().atPriority(2).willReturn(form(200, FORM_A)));
        server.stubFor(tokenPost().atPriority(1).withHeader("Accept", equalTo("application/json"))
                .willReturn(json(200, JSON_C)));
        ClientConfiguration clientCredentials = clientCredentialsConfig()
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST).build();
        ClientConfiguration authorizationCode = github(authorizationCodeConfig()).config();

        TokenResponse first = client.clientCredentials(clientCredentials);
        TokenResponse second = client.authorizationCode(authorizationCode, SecretValue.of("code"),
                REDIRECT_URI, SecretValue.of("verifier-0123456789-0123456789-0123456789"));
        TokenResponse third = client.refresh(authorizationCode, SecretValue.of("ghr_REFRESH"));

        for (TokenResponse response : List.of(first, second, third)) {
            assertEquals("gho_TESTACCESS0001", response.accessToken().reveal());
        }
        List<LoggedRequest> requests = assertTokenRequests(3);
        assertEquals(List.of("client_credentials", "authorization_code", "refresh_token"),
                requests.stream().map(r -> formOf(r).get("grant_type")).toList());
        server.verify(3, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", absent()));
    }

    @Test
    void P01_formBodyWithoutFormContentTypeIsStillParsed() throws Exception {
        server.stubFor(tokenPost().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody(FORM_A)));
        ClientConfiguration config = clientCredentialsConfig().build();

        TokenResponse response = client.clientCredentials(config);

        assertEquals("gho_TESTACCESS0001", response.accessToken().reveal());
        assertEquals("repo,gist", response.scope());
        assertEquals("Bearer", response.tokenType());
        assertNull(response.expiresIn());
        assertTokenRequests(1);
    }

    private void assertOnlySuccessesLogged(ManagedCredential credential, int expected)
            throws Exception {
        List<RefreshLogEntry> log = logOnDisk(credential);
        assertEquals(expected, log.size());
        assertTrue(log.stream().allMatch(RefreshLogEntry::succeeded), "no 'refresh failed' entry");
        assertEquals(CredentialStatus.HEALTHY, stateOnDisk(credential).status());
    }
}
