package io.jenkins.plugins.oauth2credentials.engine.cases;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * P08: Salesforce sends no {@code expires_in}. The expiry is unknown, not the epoch; the token is
 * usable at once and, since a refresh token exists, renewed on the regular schedule.
 */
class P08MissingExpiresInTest extends TokenEndpointCase {
    private static final String ACCESS = "00DTEST!AQ0AQTESTTOKEN";
    private static final String REFRESH = "5AepTESTREFRESH";

    @Test
    void P08_missingExpiresInGivesUnknownExpiryAndScheduledRefresh() throws Exception {
        treatAsSecret(ACCESS, REFRESH, "00DTEST!AQ0AQSECONDTOKEN");
        server.stubFor(tokenPost().withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(json(200, "{'access_token':'" + ACCESS + "',"
                        + "'refresh_token':'" + REFRESH + "',"
                        + "'signature':'SIG','scope':'refresh_token api',"
                        + "'instance_url':'https://acme.my.salesforce.com',"
                        + "'id':'https://login.salesforce.com/id/ORG/USER','token_type':'Bearer',"
                        + "'issued_at':'1700000000000'}")));
        server.stubFor(tokenPost().withFormParam("grant_type", equalTo("refresh_token"))
                .willReturn(json(200, "{'access_token':'00DTEST!AQ0AQSECONDTOKEN',"
                        + "'token_type':'Bearer','issued_at':'1700001800000'}")));
        ManagedCredential salesforce =
                credential("salesforce", authorizationCodeConfig().scopes("api").build());
        TokenManager manager = newManager();

        TokenState state = manager.completeAuthorization(salesforce, beginAuthorization(salesforce),
                SecretValue.of("code"));

        // issued_at (milliseconds, as a string) is not taken for an expiry either.
        assertNoExpiry(state.tokens());
        assertEquals(CredentialStatus.HEALTHY, stateOnDisk(salesforce).status());
        assertFalse(state.tokens().isExpired(clock.instant()));
        assertEquals(ACCESS, served(manager, salesforce, Duration.ofMinutes(10)));
        String note = logOnDisk(salesforce).get(0).message();
        assertTrue(note.contains("expires_in"), note);

        clock.advance(Duration.ofMinutes(30));
        assertTrue(manager.isDue(salesforce), "a refresh token exists, so the schedule renews it");
        RefreshSummary summary = manager.refreshAllDue(List.of(salesforce), 1);

        assertEquals(1, summary.refreshed());
        TokenSet refreshed = stateOnDisk(salesforce).tokens();
        assertEquals("00DTEST!AQ0AQSECONDTOKEN", refreshed.accessToken().reveal());
        assertEquals(REFRESH, refreshed.refreshToken().reveal());
        assertNoExpiry(refreshed);
        assertEquals(REFRESH, formOf(assertTokenRequests(2).get(1)).get("refresh_token"));
    }
}
