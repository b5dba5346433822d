package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResponseParserTest {
    private static final Instant RECEIVED = Instant.parse("2025-01-15T10:00:00Z");
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private static TokenResponse parse(TransportResponse response) throws TokenEndpointException {
        return parse(response, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
    }

    private static TokenResponse parse(TransportResponse response,
            ClientAuthenticationMethod method) throws TokenEndpointException {
        return TokenResponseParser.parse(response, List.of(), method);
    }

    /** JSON written with single quotes, for legibility. */
    private static TransportResponse json(int status, String singleQuoted) {
        return ScriptedTransport.json(status, singleQuoted.replace('\'', '"'));
    }

    private static TokenResponse parseJson(String singleQuoted) throws TokenEndpointException {
        return parse(json(200, singleQuoted));
    }

    private static TokenEndpointException failure(TransportResponse response) {
        return assertThrows(TokenEndpointException.class, () -> parse(response));
    }

    private static TransportResponse form(int status, String body) {
        return new TransportResponse(status, FORM, null, null, body);
    }

    private static TransportResponse answer(int status, String contentType, String retryAfter,
            String location, String body) {
        return new TransportResponse(status, contentType, retryAfter, location, body);
    }

    @Test
    void parseWhenExpiresInIsNumberThenLifetimeFromIt() throws Exception {
        TokenResponse response =
                parseJson("{'access_token':'AT1','token_type':'Bearer','expires_in':3600}");

        assertEquals(Duration.ofHours(1), response.expiresIn());
        TokenSet tokens = TokenSet.from(response, RECEIVED, null);
        assertEquals(RECEIVED.plusSeconds(3600), tokens.expiresAt());
    }

    @Test
    void parseWhenExpiresInIsStringThenLifetimeFromIt() throws Exception {
        TokenResponse response = parseJson("{'access_token':'AT1','expires_in':' 3599 '}");

        assertEquals(Duration.ofSeconds(3599), response.expiresIn());
    }

    @Test
    void parseWhenFormEncodedWithExpiresInThenLifetimeFromIt() throws Exception {
        TokenResponse response = parse(form(200, "access_token=gho_AT1&expires_in=28800"
                + "&refresh_token=ghr_RT1&scope=repo%2Cgist&token_type=bearer"));

        assertEquals("gho_AT1", response.accessToken().reveal());
        assertEquals("ghr_RT1", response.refreshToken().reveal());
        assertEquals("repo,gist", response.scope());
        assertEquals(Duration.ofHours(8), response.expiresIn());
        assertEquals("Bearer", response.tokenType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'access_token':'AT1'}", "{'access_token':'AT1','expires_in':null}",
        "{'access_token':'AT1','expires_in':''}", "{'access_token':'AT1','expires_in':'soon'}",
        "{'access_token':'AT1','expires_in':0}"})
    void parseWhenExpiresInMissingOrUnusableThenExpiryUnknown(String body) throws Exception {
        TokenResponse response = parseJson(body);

        assertNull(response.expiresIn());
        TokenSet tokens = TokenSet.from(response, RECEIVED, null);
        assertNull(tokens.expiresAt());
        assertFalse(tokens.isExpired(RECEIVED.plus(Duration.ofDays(3650))));
        assertFalse(tokens.expiresWithin(RECEIVED, Duration.ofDays(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "BEARER", "Bearer", "bEaReR"})
    void parseWhenTokenTypeInAnyCaseThenNormalizedToBearer(String type) throws Exception {
        TokenResponse response = parseJson("{'access_token':'AT1','token_type':'" + type + "'}");

        assertEquals("Bearer", response.tokenType());
    }

    @Test
    void parseWhenTokenTypeMissingThenBearer() throws Exception {
        assertEquals("Bearer", parseJson("{'access_token':'AT1'}").tokenType());
    }

    @Test
    void parseWhenOtherTokenTypeThenKept() throws Exception {
        assertEquals("DPoP", parseJson("{'access_token':'AT1','token_type':'DPoP'}").tokenType());
    }

    @Test
    void parseWhenInvalidGrantInsideHttp200JsonThenNeedsReauthorization() {
        TokenEndpointException e = failure(json(200,
                "{'error':'invalid_grant','error_description':'Token is not active'}"));

        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        assertEquals(200, e.httpStatus());
        assertEquals("invalid_grant", e.oauthError().code());
        assertEquals("Token is not active", e.oauthError().description());
        assertTrue(e.getMessage().contains("invalid_grant: Token is not active"), e.getMessage());
    }

    @Test
    void parseWhenGithubBadRefreshTokenInsideHttp200FormThenNeedsReauthorization() {
        TokenEndpointException e = failure(form(200, "error=bad_refresh_token"
                + "&error_description=The+refresh+token+passed+is+incorrect+or+expired."
                + "&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps"));

        assertEquals(FailureKind.NEEDS_REAUTHORIZATION, e.kind());
        assertEquals("bad_refresh_token", e.oauthError().code());
        assertEquals("The refresh token passed is incorrect or expired.",
                e.oauthError().description());
    }

    @Test
    void parseWhenClientRejectedInsideHttp200ThenRejectedNamingAuthenticationMethod() {
        TransportResponse response = form(200, "error=incorrect_client_credentials"
                + "&error_description=The+client_id+is+incorrect.");

        TokenEndpointException e = assertThrows(TokenEndpointException.class,
                () -> parse(response, ClientAuthenticationMethod.CLIENT_SECRET_POST));

        assertEquals(FailureKind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("client_secret_post"), e.getMessage());
    }

    @Test
    void parseWhenErrorAndAccessTokenBothPresentThenError() {
        TokenEndpointException e =
                failure(json(200, "{'access_token':'AT1','error':'server_error'}"));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertEquals("server_error", e.oauthError().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'access_token':'null'}", "{'access_token':'undefined'}",
        "{'access_token':null}", "{'access_token':'  '}", "{'token_type':'Bearer'}"})
    void parseWhenAccessTokenMissingOrPlaceholderThenRefused(String body) {
        TokenEndpointException e = failure(json(200, body));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        String expected = EngineMessages.format("TokenResponseParser.noAccessToken", 200);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void parseWhenRefreshTokenIsPlaceholderThenTreatedAsAbsent() throws Exception {
        assertNull(parseJson("{'access_token':'AT1','refresh_token':'null'}").refreshToken());
    }

    @Test
    void parseWhenHtmlPageThenTransientWithoutMarkup() {
        TokenEndpointException e = failure(answer(502, "text/html", "30", null,
                "<html><body><h1>Bad Gateway</h1></body></html>"));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertEquals(502, e.httpStatus());
        assertEquals("Bad Gateway", e.bodyExcerpt());
        assertEquals(Duration.ofSeconds(30), e.retryAfter());
    }

    @Test
    void parseWhenJsonCutOffThenTransientWithoutBody() {
        TokenEndpointException e = failure(json(200, "{'access_token':'AT-cut-off"));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertFalse(e.getMessage().contains("AT-cut-off"), e.getMessage());
    }

    @Test
    void parseWhenRedirectThenRejectedWithoutQuery() {
        TokenEndpointException e = failure(
                answer(302, null, null, "https://login.example.test/sso?continue=abc", ""));

        assertEquals(FailureKind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("https://login.example.test/sso"), e.getMessage());
        assertFalse(e.getMessage().contains("continue"), e.getMessage());
    }

    @Test
    void parseWhenServerErrorWithoutBodyThenTransient() {
        assertEquals(FailureKind.TRANSIENT, failure(answer(503, null, null, null, "")).kind());
    }

    @Test
    void parseWhenUnauthorizedWithoutOauthErrorThenRejected() {
        TokenEndpointException e = failure(json(401, "{'message':'Unauthorized'}"));

        assertEquals(FailureKind.REJECTED, e.kind());
        assertEquals(EngineMessages.format("TokenResponseParser.status", 401), e.getMessage());
    }

    @Test
    void parseWhenJsonStartsWithByteOrderMarkThenParsed() throws Exception {
        TokenResponse response =
                parse(json(200, "\uFEFF{'access_token':'AT-bom','expires_in':60}"));

        assertEquals("AT-bom", response.accessToken().reveal());
        assertEquals(Duration.ofMinutes(1), response.expiresIn());
    }

    @Test
    void parseWhenFormEndsWithAmpersandThenParsed() throws Exception {
        TokenResponse response = parse(form(200,
                "access_token=gho%2FAT%2B1&refresh_token=ghr%3DRT1&token_type=bearer&"));

        assertEquals("gho/AT+1", response.accessToken().reveal());
        assertEquals("ghr=RT1", response.refreshToken().reveal());
    }

    static Stream<Arguments> unreadableSuccesses() {
        return Stream.of(
                Arguments.of("application/json", ")]}'\n{\"access_token\":\"Zq%2Fxssi\"}"),
                Arguments.of(FORM, "access_token=Zq%2Fform&&token_type=bearer"),
                Arguments.of("text/plain", "token: Zq-plain"),
                Arguments.of("text/html", "<p>Zq-html</p>"),
                Arguments.of(null, "Zq-raw"));
    }

    /** Every planted token starts with "Zq", which no message text contains. */
    @ParameterizedTest
    @MethodSource("unreadableSuccesses")
    void parseWhenSuccessBodyUnreadableThenNothingOfItQuoted(String contentType, String body) {
        TokenEndpointException e = failure(answer(200, contentType, null, null, body));

        assertEquals(FailureKind.TRANSIENT, e.kind());
        assertEquals(200, e.httpStatus());
        assertNull(e.bodyExcerpt());
        assertFalse(e.getMessage().contains("Zq"), e.getMessage());
        assertTrue(e.getMessage().contains(body.length() + " characters"), e.getMessage());
        String mediaType = contentType == null ? "none" : contentType.split(";")[0];
        assertTrue(e.getMessage().contains("content type " + mediaType), e.getMessage());
    }

    @Test
    void parseWhenErrorPageQuotesTokenMembersThenTheirValuesMaskedAndTextKept() {
        String page = "<html><body><h1>Upstream error</h1><pre>{\"access_token\": \"AT-j\","
                + " \"id_token\":\"x.y\"} retry with refresh_token=RT%2Fshort&amp;scope=read"
                + " or client_secret%3Dcs%2F1%26code%3DC0</pre></body></html>";

        TokenEndpointException e = failure(answer(502, "text/html", null, null, page));

        String excerpt = e.bodyExcerpt();
        for (String value : List.of("AT-j", "x.y", "RT%2Fshort", "cs%2F1", "C0")) {
            assertFalse(excerpt.contains(value), value + " in " + excerpt);
            assertFalse(e.getMessage().contains(value), value + " in " + e.getMessage());
        }
        assertTrue(excerpt.startsWith("Upstream error {\"access_token\": \"[redacted]\""), excerpt);
        assertTrue(excerpt.contains("refresh_token=[redacted]&amp;scope=read"), excerpt);
        assertTrue(excerpt.contains("client_secret%3D[redacted]%26code%3D[redacted]"), excerpt);
    }
}
