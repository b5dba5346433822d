package io.jenkins.plugins.oauth2credentials.engine.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P09: {@code token_type} is case-insensitive; GitHub, UAA and Keycloak send {@code bearer},
 * which strict resource servers reject when copied verbatim into the Authorization header.
 */
class P09TokenTypeCaseTest extends TokenEndpointCase {
    private ManagedCredential uaa;

    private static String uaaAnswer(String tokenTypeMember) {
        return "{'access_token':'AT1'," + tokenTypeMember
                + "'expires_in':43199,'scope':'uaa.resource','jti':'JTI'}";
    }

    private TokenSet fetch(String tokenTypeMember) throws Exception {
        treatAsSecret("AT1");
        server.stubFor(tokenPost().willReturn(json(200, uaaAnswer(tokenTypeMember))));
        uaa = credential("uaa", clientCredentialsConfig().build());
        TokenSet tokens = newManager().refresh(uaa, RefreshTrigger.MANUAL).tokens();
        assertEquals(tokens, stateOnDisk(uaa).tokens());
        LoggedRequest request = assertTokenRequests(1).get(0);
        assertEquals(Map.of("grant_type", "client_credentials"), formOf(request));
        return tokens;
    }

    private String logNote() throws Exception {
        RefreshLogEntry entry = logOnDisk(uaa).get(0);
        assertTrue(entry.succeeded());
        return entry.message();
    }

    @ParameterizedTest(name = "token_type: {0}")
    @ValueSource(strings = {"bearer", "BEARER", "Bearer", "bEaReR"})
    void P09_bearerInAnyCaseGivesExactBearerHeader(String tokenType) throws Exception {
        TokenSet tokens = fetch("'token_type':'" + tokenType + "',");

        assertEquals("Bearer AT1", tokens.tokenType() + " " + tokens.accessToken().reveal());
        assertNull(logNote(), "nothing to warn about");
        assertTrue(engineLog.warnings().isEmpty(), engineLog.warnings().toString());
    }

    @ParameterizedTest(name = "token_type member: [{0}]")
    @ValueSource(strings = {"", "'token_type':null,", "'token_type':'',"})
    void P09_missingTokenTypeIsTakenAsBearerWithWarning(String tokenTypeMember) throws Exception {
        TokenSet tokens = fetch(tokenTypeMember);

        assertEquals("Bearer", tokens.tokenType());
        assertTrue(engineLog.warnings().stream().anyMatch(w -> w.contains("token_type")),
                engineLog.warnings().toString());
    }

    @ParameterizedTest(name = "token_type: {0}")
    @ValueSource(strings = {"mac", "DPoP"})
    void P09_unsupportedTokenTypeIsStoredAndNamedInCredentialLog(String tokenType)
            throws Exception {
        TokenSet tokens = fetch("'token_type':'" + tokenType + "',");

        assertEquals(tokenType, tokens.tokenType(), "not silently turned into Bearer");
        String note = logNote();
        assertNotNull(note, "the credential log says why");
        assertTrue(note.contains(tokenType) && note.contains("not supported"), note);
        assertFalse(note.contains("AT1"), note);
    }
}
