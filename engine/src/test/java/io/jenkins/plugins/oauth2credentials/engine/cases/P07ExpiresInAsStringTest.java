package io.jenkins.plugins.oauth2credentials.engine.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P07: {@code expires_in} sent as a string (Entra v1, NetDocuments, WordPress) or as a number
 * with a fraction must give the same expiry; unusable values mean "unknown", never "expired".
 */
class P07ExpiresInAsStringTest extends TokenEndpointCase {
    private static final String RESOURCE = "https://management.core.windows.net/";
    private static final String ACCESS_TOKEN = "eyJ0eXAiOiJKV1QiTEST";
    private static final String MISSING = "(missing)";

    /** The Entra v1 answer with {@code expires_in} replaced; null leaves the member out. */
    private static String entraV1(String expiresIn) {
        String member = expiresIn == null ? "" : "'expires_in':" + expiresIn + ",";
        return "{'token_type':'Bearer'," + member
                + "'ext_expires_in':'3599','expires_on':'1700003599','not_before':'1700000000',"
                + "'resource':'" + RESOURCE + "','access_token':'" + ACCESS_TOKEN + "'}";
    }

    private ManagedCredential entra() {
        return credential("entra", clientCredentialsConfig()
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .tokenParameters(Map.of("resource", RESOURCE))
                .build());
    }

    @ParameterizedTest(name = "expires_in: {0}")
    @ValueSource(strings = {"'3599'", "3599", "3599.0", "' 3599 '"})
    void P07_numericOrStringExpiresInGivesReceiptTimePlusLifetime(String expiresIn)
            throws Exception {
        treatAsSecret(ACCESS_TOKEN);
        server.stubFor(tokenPost().willReturn(json(200, entraV1(expiresIn))));
        ManagedCredential entra = entra();
        Instant receivedAt = clock.instant();

        TokenSet tokens = newManager().refresh(entra, RefreshTrigger.MANUAL).tokens();

        assertEquals(ACCESS_TOKEN, tokens.accessToken().reveal());
        assertEquals(receivedAt.plusSeconds(3599), tokens.expiresAt());
        assertEquals(tokens, stateOnDisk(entra).tokens());
        Map<String, String> body = formOf(assertTokenRequests(1).get(0));
        assertEquals("client_credentials", body.get("grant_type"));
        assertEquals(RESOURCE, body.get("resource"));
        assertEquals(CLIENT_ID, body.get("client_id"));
    }

    @ParameterizedTest(name = "expires_in: {0}")
    @ValueSource(strings = {
        "'abc'", "0", "-5", "null", MISSING, "''", "0.5", "1e30", "'Infinity'", "'NaN'"
    })
    void P07_unusableExpiresInMeansUnknownExpiryWithLogWarning(String expiresIn) throws Exception {
        treatAsSecret(ACCESS_TOKEN);
        String body = entraV1(MISSING.equals(expiresIn) ? null : expiresIn);
        server.stubFor(tokenPost().willReturn(json(200, body)));
        ManagedCredential entra = entra();
        TokenManager manager = newManager();

        TokenSet tokens = manager.refresh(entra, RefreshTrigger.MANUAL).tokens();

        assertNoExpiry(tokens);
        assertEquals(CredentialStatus.HEALTHY, stateOnDisk(entra).status());
        // Usable now and later: unknown is neither the epoch nor "already expired".
        assertEquals(ACCESS_TOKEN, served(manager, entra, Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(29));
        assertEquals(ACCESS_TOKEN, served(manager, entra, Duration.ofMinutes(5)));
        assertTrue(manager.isDue(entra), "refreshed on the normal schedule");
        RefreshLogEntry entry = logOnDisk(entra).get(0);
        assertTrue(entry.succeeded());
        assertNotNull(entry.message(), "a warning about the unknown expiry");
        assertTrue(entry.message().contains("expires_in"), entry.message());
        assertTokenRequests(1);
    }
}
