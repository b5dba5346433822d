package io.jenkins.plugins.oauth2credentials.engine.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** P02: GitHub reports OAuth errors in an HTTP 200 body, as JSON or as a form. */
class P02ErrorInsideHttp200Test extends TokenEndpointCase {
    private static final String BAD_REFRESH_DESCRIPTION =
            "The refresh token passed is incorrect or expired.";

    @Test
    void P02_badVerificationCodeInHttp200LeavesCredentialUnauthorized() throws Exception {
        server.stubFor(tokenPost().willReturn(json(200, "{'error':'bad_verification_code',"
                + "'error_description':'The code passed is incorrect or expired.',"
                + "'error_uri':'https://docs.github.com/apps/troubleshooting'}")));
        ManagedCredential github = credential("github", authorizationCodeConfig().build());
        TokenManager manager = newManager();

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.completeAuthorization(github, beginAuthorization(github),
                        SecretValue.of("STALE_CODE")));

        assertEquals("bad_verification_code", e.oauthError().code());
        assertTrue(e.getMessage().contains("bad_verification_code"), e.getMessage());
        TokenState state = stateOnDisk(github);
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state.status());
        assertNull(state.tokens(), "no token fields written");
        List<RefreshLogEntry> log = logOnDisk(github);
        assertEquals(1, log.size());
        assertFalse(log.get(0).succeeded());
        assertEquals(RefreshTrigger.AUTHORIZATION, log.get(0).trigger());
        assertEquals("bad_verification_code", log.get(0).error());
        assertEquals("The code passed is incorrect or expired.", log.get(0).errorDescription());
        assertEquals(200, log.get(0).httpStatus());
        assertEquals("STALE_CODE", formOf(assertTokenRequests(1).get(0)).get("code"));
    }

    static Stream<Arguments> badRefreshTokenAnswers() {
        return Stream.of(
                Arguments.of("B: JSON", json(200, "{'error':'bad_refresh_token',"
                        + "'error_description':'" + BAD_REFRESH_DESCRIPTION + "',"
                        + "'error_uri':'https://docs.github.com'}")),
                Arguments.of("C: form", form(200, "error=bad_refresh_token"
                        + "&error_description=The+refresh+token+passed+is+incorrect+or+expired."
                        + "&error_uri=https%3A%2F%2Fdocs.github.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRefreshTokenAnswers")
    void P02_badRefreshTokenInHttp200NeedsReauthorizationWithoutRetries(String variant,
            ResponseDefinitionBuilder answer) throws Exception {
        treatAsSecret("ghu_OLD", "ghr_OLD");
        server.stubFor(tokenPost().willReturn(answer));
        ManagedCredential github = credential("github", authorizationCodeConfig().build());
        TokenSet seeded = tokens("ghu_OLD", "ghr_OLD", Duration.ofMinutes(2));
        seed(github, seeded);
        TokenManager manager = newManager();

        RefreshSummary first = manager.refreshAllDue(List.of(github), 1);

        assertEquals(1, first.needsReauthorization());
        TokenState state = stateOnDisk(github);
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, state.status());
        assertEquals("bad_refresh_token", state.lastFailure().error());
        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, state.lastFailure().kind());
        assertTokensUnchanged(github, seeded);

        // No retry loop: later runs and later uses do not call the provider again.
        clock.advance(Duration.ofHours(2));
        RefreshSummary second = manager.refreshAllDue(List.of(github), 1);
        assertEquals(1, second.needsReauthorization());
        TokenUnavailableException e = assertThrows(TokenUnavailableException.class,
                () -> manager.accessToken(github, Duration.ZERO));
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, e.status());
        assertTrue(e.getMessage().contains("github"), e.getMessage());
        assertTrue(e.getMessage().contains("bad_refresh_token"), e.getMessage());

        assertEquals("ghr_OLD", formOf(assertTokenRequests(1).get(0)).get("refresh_token"));
        List<RefreshLogEntry> log = logOnDisk(github);
        assertEquals(1, log.size(), "one log entry");
        assertEquals("bad_refresh_token", log.get(0).error());
        assertEquals(BAD_REFRESH_DESCRIPTION, log.get(0).errorDescription());
        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, log.get(0).failureKind());
    }

    static Stream<Arguments> missingAccessTokens() {
        return Stream.of(
                Arguments.of(json(200, "{'access_token':'null','token_type':'bearer'}")),
                Arguments.of(json(200, "{'access_token':'undefined','token_type':'bearer'}")),
                Arguments.of(json(200, "{'access_token':null,'token_type':'bearer'}")),
                Arguments.of(json(200, "{'access_token':'','refresh_token':'RT-new'}")),
                Arguments.of(form(200, "access_token=undefined&token_type=bearer")),
                Arguments.of(form(200, "access_token=&scope=repo")));
    }

    @ParameterizedTest
    @MethodSource("missingAccessTokens")
    void P02_nullOrUndefinedAccessTokenIsNeverStoredNorServed(ResponseDefinitionBuilder answer)
            throws Exception {
        treatAsSecret("AT-valid", "RT-valid");
        server.stubFor(tokenPost().willReturn(answer));
        ManagedCredential github = credential("github", authorizationCodeConfig().build());
        TokenSet seeded = tokens("AT-valid", "RT-valid", Duration.ofMinutes(20));
        seed(github, seeded);
        TokenManager manager = newManager();

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> manager.refresh(github, RefreshTrigger.MANUAL));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertTokensUnchanged(github, seeded);
        assertEquals("AT-valid", served(manager, github, Duration.ofMinutes(1)));
        assertTokenRequests(1);
    }
}
