package io.jenkins.plugins.oauth2credentials.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.addCredential;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.authorizeRequest;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.startProvider;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.state;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.stubCodeExchange;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.stubConsent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.ExtensionList;
import hudson.model.AdministrativeMonitor;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.time.Duration;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The administrative monitor appears when the provider revokes a credential's grant and clears
 * once the credential is authorized again.
 */
@WithJenkins
class ReauthorizationMonitorTest {
    private JenkinsRule j;
    private WireMockServer provider;
    private String redirectUri;
    private Duration cacheBefore;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        provider = startProvider();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, CredentialsProvider.VIEW, CredentialsProvider.UPDATE)
                .everywhere().to("user"));
        redirectUri = j.getURL() + "oauth2/callback";
        cacheBefore = ReauthorizationMonitor.cacheFor;
        ReauthorizationMonitor.cacheFor = Duration.ZERO;
    }

    @AfterEach
    void tearDown() {
        ReauthorizationMonitor.cacheFor = cacheBefore;
        provider.stop();
    }

    @Test
    void appearsWhenTheGrantIsRevokedAndClearsAfterReauthorization() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = authorizedCredential();
        ReauthorizationMonitor monitor = monitor();
        assertFalse(monitor.isActivated());

        revokeGrant(credential);

        assertTrue(monitor.isActivated());
        List<ReauthorizationMonitor.Entry> entries = monitor.getCredentials();
        assertThat(entries, hasSize(1));
        assertEquals(credential.getStateKey(), entries.get(0).getStateKey());
        assertEquals("invalid_grant", entries.get(0).getError());
        JenkinsRule.WebClient admin = j.createWebClient().login("admin");
        HtmlPage manage = admin.goTo("manage");
        assertThat(manage.getWebResponse().getContentAsString(),
                containsString("oauth2-reauthorization-monitor"));
        assertTrue(linksToLogPage(manage, credential), "the monitor links to the log page");

        authorize(credential, "CODE-2", "AT-2");

        assertEquals(CredentialStatus.HEALTHY, state(credential).status());
        assertFalse(monitor.isActivated());
        assertThat(admin.goTo("manage").getWebResponse().getContentAsString(),
                not(containsString("oauth2-reauthorization-monitor")));
    }

    @Test
    void successfulAuthorizationClearsTheMonitorWithoutWaitingForTheCache() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = authorizedCredential();
        revokeGrant(credential);
        ReauthorizationMonitor.cacheFor = Duration.ofHours(1);
        ReauthorizationMonitor.invalidate();
        ReauthorizationMonitor monitor = monitor();
        assertTrue(monitor.isActivated());

        authorize(credential, "CODE-2", "AT-2");

        assertFalse(monitor.isActivated());
    }

    private OAuth2AccessTokenCredentialsImpl authorizedCredential() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        authorize(credential, "CODE-1", "AT-1");
        assertEquals(CredentialStatus.HEALTHY, state(credential).status());
        return credential;
    }

    /** Runs the browser flow; the newest stubs answer, so each call issues a new code. */
    private void authorize(OAuth2AccessTokenCredentialsImpl credential, String code,
            String accessToken) throws Exception {
        stubConsent(provider, redirectUri, code);
        stubCodeExchange(provider, code, accessToken, "RT-" + code);
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        wc.getPage(authorizeRequest(wc, j.getURL().toString(), credential.getStateKey()));
        assertEquals(accessToken, state(credential).tokens().accessToken().reveal());
    }

    /** The provider answers the next refresh with invalid_grant (P15: revoked or expired). */
    private void revokeGrant(OAuth2AccessTokenCredentialsImpl credential) throws Exception {
        provider.stubFor(post(urlPathEqualTo("/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\","
                                + "\"error_description\":\"Token expired or revoked.\"}")));
        assertThrows(TokenEndpointException.class, () -> OAuth2TokenService.get().tokenManager()
                .refresh(credential.toManagedCredential(), RefreshTrigger.MANUAL));
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, state(credential).status());
    }

    private static ReauthorizationMonitor monitor() {
        return ExtensionList.lookup(AdministrativeMonitor.class).get(ReauthorizationMonitor.class);
    }

    private static boolean linksToLogPage(HtmlPage page,
            OAuth2AccessTokenCredentialsImpl credential) {
        String logPage = "oauth2/credential/" + credential.getStateKey() + "/";
        return page.getAnchors().stream()
                .anyMatch(anchor -> anchor.getHrefAttribute().endsWith(logPage));
    }
}
