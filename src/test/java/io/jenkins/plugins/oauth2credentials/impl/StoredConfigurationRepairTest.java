package io.jenkins.plugins.oauth2credentials.impl;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.ExtensionList;
import hudson.model.AdministrativeMonitor;
import hudson.model.TaskListener;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.refresh.OAuth2RefreshWork;
import io.jenkins.plugins.oauth2credentials.web.OAuth2ManagementLink;
import io.jenkins.plugins.oauth2credentials.web.ReauthorizationMonitor;
import java.util.logging.Level;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Credentials read from XML skip the constructor's validation; what they lack or hold wrongly is
 * repaired on load, and no page or run breaks on them.
 */
@WithJenkins
class StoredConfigurationRepairTest {
    private static final String CREATE_PATH = "credentials/store/system/domain/_/createCredentials";
    private static final String STATE_KEY = "[A-Za-z0-9_-]{16,64}";

    private JenkinsRule j;
    private TokenEndpointStub provider;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
        provider = new TokenEndpointStub().issuesAccessToken();
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void xmlWithoutSecretOrWithInvalidStateKeyIsRepairedOnLoad() throws Exception {
        try (LogRecorder log = new LogRecorder()
                        .record(OAuth2AccessTokenCredentialsImpl.class, Level.WARNING).capture(10);
                JenkinsRule.WebClient wc = j.createWebClient()) {
            // The REST and CLI way of creating a credential from XML, read with XStream.
            postXml(wc, credentialXml("no-secret", null, "../x"));
            postXml(wc, credentialXml("empty-key",
                    "<clientSecret>" + TokenEndpointStub.CLIENT_SECRET + "</clientSecret>", ""));

            OAuth2AccessTokenCredentialsImpl noSecret = find("no-secret");
            assertEquals("", noSecret.getClientSecret().getPlainText());
            assertTrue(noSecret.getStateKey().matches(STATE_KEY), "a new key replaced ../x");
            assertTrue(find("empty-key").getStateKey().matches(STATE_KEY), "a new key replaced ''");
            assertThat(log.getMessages(), hasItem(allOf(containsString("no-secret"),
                    containsString("invalid state key"), not(containsString("../x")))));
            assertThat(log.getMessages(), hasItem(allOf(containsString("empty-key"),
                    containsString("invalid state key"))));
        }
    }

    @Test
    void xmlWithoutSecretBreaksNeitherTheRefreshNorThePages() throws Exception {
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            postXml(wc, credentialXml("no-secret", null, "AAAAAAAAAAAAAAAAAAAA"));
            postXml(wc, credentialXml("healthy",
                    "<clientSecret>" + TokenEndpointStub.CLIENT_SECRET + "</clientSecret>",
                    "BBBBBBBBBBBBBBBBBBBB"));

            RefreshSummary summary = OAuth2RefreshWork.get().runOnce(TaskListener.NULL);
            assertEquals(1, summary.refreshed(), "the valid credential is refreshed");
            assertEquals(1, summary.failed(), "the one without a secret counts as failed");
            assertEquals(1, provider.tokenRequests());

            HtmlPage list = wc.goTo("manage/" + OAuth2ManagementLink.URL_NAME + "/");
            assertThat(list.querySelectorAll("#oauth2-credentials tbody tr"), hasSize(2));
            // The credential's form still opens, with its status.
            OAuth2AccessTokenCredentialsImplTest.openUpdateForm(wc,
                    "credentials/store/system/domain/_/credential/no-secret/");
            ReauthorizationMonitor monitor = ExtensionList.lookup(AdministrativeMonitor.class)
                    .get(ReauthorizationMonitor.class);
            assertFalse(monitor.isActivated());
        }
    }

    private String credentialXml(String id, String secretElement, String stateKey) {
        String type = OAuth2AccessTokenCredentialsImpl.class.getName();
        return "<" + type + ">"
                + "<scope>GLOBAL</scope>"
                + "<id>" + id + "</id>"
                + "<description>written by hand</description>"
                + "<clientId>" + TokenEndpointStub.CLIENT_ID + "</clientId>"
                + (secretElement == null ? "" : secretElement)
                + "<scopes>read</scopes>"
                + "<grantType>client_credentials</grantType>"
                + "<authorizationUrl></authorizationUrl>"
                + "<tokenUrl>" + provider.tokenUrl() + "</tokenUrl>"
                + "<clientAuthenticationMethod>client_secret_basic</clientAuthenticationMethod>"
                + "<authorizationParameters></authorizationParameters>"
                + "<tokenParameters></tokenParameters>"
                + "<scopeSeparator> </scopeSeparator>"
                + "<stateKey>" + stateKey + "</stateKey>"
                + "</" + type + ">";
    }

    private void postXml(JenkinsRule.WebClient wc, String xml) throws Exception {
        WebRequest request = new WebRequest(wc.createCrumbedUrl(CREATE_PATH), HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/xml");
        request.setRequestBody(xml);
        Page page = wc.getPage(request);
        assertEquals(200, page.getWebResponse().getStatusCode());
    }

    private OAuth2AccessTokenCredentialsImpl find(String id) {
        return TokenEndpointStub.storeOf(j.jenkins).getCredentials(Domain.global()).stream()
                .filter(OAuth2AccessTokenCredentialsImpl.class::isInstance)
                .map(OAuth2AccessTokenCredentialsImpl.class::cast)
                .filter(c -> c.getId().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
