package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * P04: a refresh response without {@code refresh_token} (Salesforce, Google, Zoho) must be
 * merged into the stored tokens, not replace them, or the credential dies two cycles later.
 */
class P04RefreshResponseOmitsRefreshTokenTest extends TokenEndpointCase {
    private static final String SCENARIO = "salesforce";
    private static final String INSTANCE = "'instance_url':'https://acme.my.salesforce.com',"
            + "'id':'https://login.salesforce.com/id/ORG/USER',";

    private ManagedCredential salesforce() {
        return credential("salesforce", authorizationCodeConfig().scopes("api").build());
    }

    @Test
    void P04_refreshWithoutRefreshTokenKeepsTheStoredOneAndScope() throws Exception {
        treatAsSecret("AT1", "RT1", "AT2", "AT3");
        server.stubFor(tokenPost().withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(json(200, "{'access_token':'AT1','refresh_token':'RT1',"
                        + "'signature':'SIG','scope':'refresh_token api'," + INSTANCE
                        + "'token_type':'Bearer','issued_at':'1700000000000'}")));
        server.stubFor(tokenPost().inScenario(SCENARIO).whenScenarioStateIs(STARTED)
                .withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo("RT1"))
                .willReturn(json(200, "{'access_token':'AT2','signature':'SIG',"
                        + "'scope':'refresh_token api'," + INSTANCE
                        + "'token_type':'Bearer','issued_at':'1700001800000'}"))
                .willSetStateTo("refreshed once"));
        server.stubFor(tokenPost().inScenario(SCENARIO).whenScenarioStateIs("refreshed once")
                .withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo("RT1"))
                .willReturn(json(200, "{'access_token':'AT3','token_type':'Bearer',"
                        + "'issued_at':'1700003600000',"
                        + "'instance_url':'https://acme.my.salesforce.com'}")));
        ManagedCredential salesforce = salesforce();

        newManager().completeAuthorization(salesforce, beginAuthorization(salesforce),
                SecretValue.of("code"));
        clock.advance(Duration.ofMinutes(30));
        TokenSet afterFirst = newManager().refresh(salesforce, RefreshTrigger.SCHEDULE).tokens();

        assertEquals("AT2", afterFirst.accessToken().reveal());
        assertEquals("RT1", afterFirst.refreshToken().reveal(), "merged, not replaced");
        assertEquals("refresh_token api", afterFirst.scope());
        assertEquals(afterFirst, stateOnDisk(salesforce).tokens());

        // A restart in between: the second cycle must still find RT1 on disk.
        clock.advance(Duration.ofMinutes(30));
        TokenManager restarted = newManager();
        restarted.refresh(salesforce, RefreshTrigger.SCHEDULE);
        TokenSet current = restarted.accessToken(salesforce, Duration.ofMinutes(1));

        assertEquals("AT3", current.accessToken().reveal());
        assertEquals("RT1", current.refreshToken().reveal());
        assertEquals("refresh_token api", current.scope(), "kept when the response omits it");
        List<LoggedRequest> requests = assertTokenRequests(3);
        assertEquals("RT1", formOf(requests.get(1)).get("refresh_token"));
        assertEquals("RT1", formOf(requests.get(2)).get("refresh_token"));
        assertEquals(CLIENT_SECRET, formOf(requests.get(2)).get("client_secret"));
        List<RefreshLogEntry> log = logOnDisk(salesforce);
        assertEquals(3, log.size());
        assertTrue(log.stream().allMatch(RefreshLogEntry::succeeded));
    }

    @Test
    void P04_refreshResponseWithRefreshTokenReplacesTheOldOne() throws Exception {
        treatAsSecret("AT1", "RT1", "AT2", "RT2");
        server.stubFor(tokenPost().withFormParam("refresh_token", equalTo("RT1"))
                .willReturn(json(200, "{'access_token':'AT2','refresh_token':'RT2'}")));
        ManagedCredential salesforce = salesforce();
        seed(salesforce, tokens("AT1", "RT1", null));

        TokenSet tokens = newManager().refresh(salesforce, RefreshTrigger.SCHEDULE).tokens();

        assertEquals("RT2", tokens.refreshToken().reveal());
        assertEquals("RT2", stateOnDisk(salesforce).tokens().refreshToken().reveal());
        assertTokenRequests(1);
    }
}
