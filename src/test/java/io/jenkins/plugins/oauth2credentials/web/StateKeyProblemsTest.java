package io.jenkins.plugins.oauth2credentials.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.ExtensionList;
import hudson.model.AdministrativeMonitor;
import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.impl.TokenEndpointStub;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Two credentials with one state key, and a credential whose state cannot be read: the pages
 * say so, and neither breaks them.
 */
@WithJenkins
class StateKeyProblemsTest {
    private JenkinsRule j;
    private TokenEndpointStub provider;
    private Duration cacheBefore;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
        provider = new TokenEndpointStub().issuesAccessToken();
        cacheBefore = ReauthorizationMonitor.cacheFor;
        ReauthorizationMonitor.cacheFor = Duration.ZERO;
    }

    @AfterEach
    void tearDown() {
        ReauthorizationMonitor.cacheFor = cacheBefore;
        provider.close();
    }

    @Test
    void sharedStateKeyIsShownAndNothingActsOnIt() throws Exception {
        OAuth2AccessTokenCredentialsImpl original =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("original-api"));
        original.getSecret();
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        // What a configuration as code entry copied with its stateKey gives.
        OAuth2AccessTokenCredentialsImpl copy = provider.clientCredentials("copied-api");
        copy.setStateKey(original.getStateKey());
        TokenEndpointStub.addTo(folder, copy);
        String path = CredentialLogPage.pathFor(original.getStateKey());
        assertEquals(1, provider.tokenRequests());

        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.goTo(path);
            DomElement status = page.querySelector("#oauth2-status");
            assertEquals(CredentialLogPage.SHARED_STATE_KEY, status.getAttribute("data-status"));
            assertThat(status.getTextContent(), containsString("State key shared"));
            // The stored state may be either credential's: no log, no buttons.
            assertThat(page.querySelector("#oauth2-refresh-log"), nullValue());
            assertThat(page.querySelector("#oauth2-refresh-now"), nullValue());
            assertThat(page.getWebResponse().getContentAsString(),
                    not(containsString(TokenEndpointStub.ACCESS_TOKEN)));

            Page refreshed = wc.getPage(wc.addCrumb(new WebRequest(
                    j.getURL().toURI().resolve(path + "refresh").toURL(), HttpMethod.POST)));
            assertEquals(200, refreshed.getWebResponse().getStatusCode());
            assertEquals(1, provider.tokenRequests(), "Refresh now asked nobody");

            wc.setThrowExceptionOnFailingStatusCode(false);
            Page authorize = wc.getPage(AuthorizationTestSupport.authorizeRequest(wc,
                    j.getURL().toString(), original.getStateKey()));
            assertEquals(404, authorize.getWebResponse().getStatusCode(), "nothing to authorize");
            wc.setThrowExceptionOnFailingStatusCode(true);

            HtmlPage list = wc.goTo("manage/" + OAuth2ManagementLink.URL_NAME + "/");
            assertThat(list.querySelectorAll("#oauth2-credentials td[data-status='"
                    + CredentialLogPage.SHARED_STATE_KEY + "']"), hasSize(2));

            ReauthorizationMonitor monitor = monitor();
            assertTrue(monitor.isActivated());
            List<ReauthorizationMonitor.Entry> entries = monitor.getCredentials();
            assertThat(entries, hasSize(2));
            assertTrue(entries.stream().allMatch(ReauthorizationMonitor.Entry::isSharedStateKey));
            String manage = wc.goTo("manage/").getWebResponse().getContentAsString();
            assertThat(manage, containsString("oauth2-reauthorization-monitor"));
            assertThat(manage, containsString("oauth2-shared-state-key"));
        }
    }

    @Test
    void credentialGivenAnotherClientsStateKeyNeitherReadsNorWipesThatState() throws Exception {
        OAuth2AccessTokenCredentialsImpl victim =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("victim-api"));
        victim.getSecret();
        Folder folder = j.jenkins.createProject(Folder.class, "elsewhere");
        // Another client (its own secret) pointed at the victim's state, as hand-edited XML could.
        OAuth2AccessTokenCredentialsImpl intruder = new OAuth2AccessTokenCredentialsImpl(
                CredentialsScope.GLOBAL, "intruder-api", "", "intruder-client",
                Secret.fromString("intruder-secret"), "read", "client_credentials", "",
                provider.tokenUrl(), "client_secret_basic", "", "", " ");
        intruder.setStateKey(victim.getStateKey());
        TokenEndpointStub.addTo(folder, intruder);

        TokenUnavailableException refused = assertThrows(TokenUnavailableException.class,
                () -> intruder.getAccessToken(Duration.ZERO));

        assertThat(refused.getMessage(), containsString("shares its state key"));
        assertThat(refused.getMessage(), not(containsString(TokenEndpointStub.ACCESS_TOKEN)));
        assertEquals(1, provider.tokenRequests(), "the intruder's client asked nobody");
        assertEquals(TokenEndpointStub.ACCESS_TOKEN,
                victim.getAccessToken(Duration.ZERO).getToken().getPlainText());
    }

    @Test
    void unreadableStateShowsAsSuchInsteadOfBreakingPages() throws Exception {
        TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("healthy-api"));
        OAuth2AccessTokenCredentialsImpl broken =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("broken-api"));
        // Loading repairs such a key now; this stands for any credential the store cannot read.
        Field stateKey = OAuth2AccessTokenCredentialsImpl.class.getDeclaredField("stateKey");
        stateKey.setAccessible(true);
        stateKey.set(broken, "../broken");

        OAuth2AccessTokenCredentialsImpl.DescriptorImpl descriptor = ExtensionList.lookupSingleton(
                OAuth2AccessTokenCredentialsImpl.DescriptorImpl.class);
        assertThat(descriptor.statusOf(broken), containsString("cannot be read"));
        assertFalse(monitor().isActivated());

        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage list = wc.goTo("manage/" + OAuth2ManagementLink.URL_NAME + "/");
            assertThat(list.querySelectorAll("#oauth2-credentials tbody tr"), hasSize(2));
            assertThat(list.querySelectorAll("#oauth2-credentials td[data-status='"
                    + OAuth2ManagementLink.UNREADABLE + "']"), hasSize(1));
            assertEquals(200, wc.goTo("manage/").getWebResponse().getStatusCode());
        }
    }

    private static ReauthorizationMonitor monitor() {
        return ExtensionList.lookup(AdministrativeMonitor.class).get(ReauthorizationMonitor.class);
    }
}
