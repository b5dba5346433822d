package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"access_token\":\"a1\"} | {\"access_token\":\"[redacted]\"}",
        "{ \"Refresh_Token\" : \"r\\/1\" } | { \"Refresh_Token\" : \"[redacted]\" }",
        "`{\\\"id_token\\\":\\\"h.p.s\\\"}` | `{\\\"id_token\\\":\\\"[redacted]\\\"}`",
        "\"assertion\": \"x\", \"n\":1 | \"assertion\": \"[redacted]\", \"n\":1",
        "\"password\":\"p w\" | \"password\":\"[redacted]\"",
        "code=c1&state=s1 | code=[redacted]&state=s1",
        "?client_secret=cs%2F1&x=1 | ?client_secret=[redacted]&x=1",
        "password = hunter2 ok | password = [redacted] ok",
        "a%3Faccess_token%3DAT%2F1%26code%3DC1 | a%3Faccess_token%3D[redacted]%26code%3D[redacted]",
        "error_code=42 grant_type=authorization_code | error_code=42 grant_type=authorization_code",
        "codes=3 barcode=4 \"code_x\":\"5\" | codes=3 barcode=4 \"code_x\":\"5\""})
    void maskSecretValuesWhenTokenBearingNamesThenOnlyTheirValuesMasked(String text, String masked) {
        assertEquals(masked, Redaction.maskSecretValues(text));
    }

    @Test
    void redactWhenShortOrEncodedTokenValuesThenMaskedBeforeOtherRules() {
        String page = "<p>access_token=AT%2F1&amp;token_type=bearer</p><p>\"code\":\"C-1\"</p>";

        String safe = Redaction.redact(page, List.of(), 200);

        assertEquals("access_token=[redacted]&amp;token_type=bearer \"code\":\"[redacted]\"", safe);
    }
}
