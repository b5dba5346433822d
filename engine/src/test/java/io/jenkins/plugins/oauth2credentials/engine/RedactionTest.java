package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final SecretValue SENT = SecretValue.of("rt-Pl4nted-Refresh");

    @Test
    void redactUriWhenDocumentationLinkThenPathAndAnchorKept() {
        String github = "https://docs.github.com/apps/managing-oauth-apps/"
                + "troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code";

        assertEquals(github, Redaction.redactUri(github, List.of(SENT)));
    }

    @Test
    void redactUriWhenQueryOrRandomSegmentThenRemoved() {
        String echoed = "https://as.example.test/e/gs3MwJxfGg5orE0ACzd7w1FRlDIL?state=abc&code=xyz";

        String safe = Redaction.redactUri(echoed, List.of());

        assertEquals("https://as.example.test/e/[redacted]", safe);
    }

    @Test
    void redactKnownWhenErrorCodeEchoesSentSecretThenReplacedAndCapped() {
        String code = "bad_token_" + SENT.reveal() + "x".repeat(200);

        String safe = Redaction.redactKnown(code, List.of(SENT), 100);

        assertFalse(safe.contains(SENT.reveal()));
        assertTrue(safe.startsWith("bad_token_[redacted]"));
        assertEquals(101, safe.length());
    }

    @Test
    void parseWhenErrorCodeEchoesRefreshTokenThenExceptionDoesNotCarryIt() {
        TransportResponse answer = ScriptedTransport.json(400,
                "{\"error\":\"invalid_grant " + SENT.reveal() + "\"}");

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> TokenResponseParser.parse(answer, List.of(SENT), ClientAuthenticationMethod.NONE));

        assertFalse(e.getMessage().contains(SENT.reveal()));
        assertFalse(e.oauthError().code().contains(SENT.reveal()));
    }

    @Test
    void parseWhenRedirectLocationHasUserInfoAndQueryThenMessageNamesHostAndPathOnly() {
        TransportResponse redirect = new TransportResponse(302, null, null,
                "https://user:pw@login.example.test:8443/oauth/token?client_secret=s", "");

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> TokenResponseParser.parse(redirect, List.of(), ClientAuthenticationMethod.NONE));

        assertTrue(e.getMessage().contains("https://login.example.test:8443/oauth/token"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"));
        assertFalse(e.getMessage().contains("client_secret"));
    }
}
