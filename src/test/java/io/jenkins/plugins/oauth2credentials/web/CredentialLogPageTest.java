package io.jenkins.plugins.oauth2credentials.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Item;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.impl.TokenEndpointStub;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlElementUtil;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class CredentialLogPageTest {
    private JenkinsRule j;
    private TokenEndpointStub provider;
    private Folder folder;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        provider = new TokenEndpointStub().issuesAccessToken();
        folder = j.jenkins.createProject(Folder.class, "team");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("viewer", "stranger", "folder-viewer")
                .grant(CredentialsProvider.VIEW).everywhere().to("viewer")
                .grant(CredentialsProvider.VIEW).onItems(folder).to("folder-viewer"));
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void viewerSeesStatusAndLogButNoSecretAndNoButtons() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = usedOnce(TokenEndpointStub.addTo(j.jenkins,
                provider.clientCredentials("api")));

        try (JenkinsRule.WebClient wc = j.createWebClient().login("viewer")) {
            HtmlPage page = wc.goTo(CredentialLogPage.pathFor(credential.getStateKey()));

            assertEquals("HEALTHY", status(page));
            assertThat(page.querySelectorAll("#oauth2-refresh-log tbody tr"), hasSize(1));
            assertThat(page.querySelector("#oauth2-token-expiry").getTextContent(), containsString("in "));
            assertThat(page.querySelector("#oauth2-refresh-now"), nullValue());
            assertThat(page.querySelector("#oauth2-authorize"), nullValue());
            assertNoSecretIn(page);
        }
    }

    @Test
    void whoMayNotViewTheCredentialGetsNotFound() throws Exception {
        OAuth2AccessTokenCredentialsImpl system =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        OAuth2AccessTokenCredentialsImpl inFolder =
                TokenEndpointStub.addTo(folder, provider.clientCredentials("team-api"));

        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("stranger");
            assertEquals(404, status(wc, CredentialLogPage.pathFor(system.getStateKey())));
            assertEquals(404, status(wc, CredentialLogPage.pathFor(inFolder.getStateKey())));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("folder-viewer");
            assertEquals(404, status(wc, CredentialLogPage.pathFor(system.getStateKey())));
            assertEquals(200, status(wc, CredentialLogPage.pathFor(inFolder.getStateKey())));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("admin");
            // An unknown key looks exactly like a credential the user may not see.
            assertEquals(404, status(wc, CredentialLogPage.pathFor("AAAAAAAAAAAAAAAAAAAAAA")));
            assertEquals(404, status(wc, "oauth2/credential/not*a*key/"));
        }
    }

    @Test
    void refreshNowNeedsUpdatePermissionAndPost() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = TokenEndpointStub.addTo(j.jenkins,
                provider.clientCredentials("api"));
        String refreshPath = CredentialLogPage.pathFor(credential.getStateKey()) + "refresh";

        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("viewer");
            assertEquals(403, post(wc, refreshPath).getWebResponse().getStatusCode());
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("admin");
            // @POST: Stapler skips the method for a GET and finds nothing else to answer it.
            assertEquals(404, status(wc, refreshPath));
        }
        assertEquals(0, provider.tokenRequests());

        try (JenkinsRule.WebClient wc = j.createWebClient().login("admin")) {
            HtmlPage page = wc.goTo(CredentialLogPage.pathFor(credential.getStateKey()));
            HtmlElement refreshNow = page.querySelector("#oauth2-refresh-now");
            HtmlPage after = (HtmlPage) HtmlElementUtil.click(refreshNow);

            assertEquals(1, provider.tokenRequests());
            assertThat(after.querySelectorAll("#oauth2-refresh-log tbody tr"), hasSize(1));
            assertNoSecretIn(after);
        }
        List<RefreshLogEntry> log = manager().log(credential.getStateKey());
        assertEquals(RefreshTrigger.MANUAL, log.get(log.size() - 1).trigger());
    }

    @Test
    void authorizationCodeCredentialOffersAuthorizeThenReauthorize() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential =
                TokenEndpointStub.addTo(j.jenkins, provider.authorizationCode("user-api"));
        String path = CredentialLogPage.pathFor(credential.getStateKey());

        try (JenkinsRule.WebClient wc = j.createWebClient().login("admin")) {
            HtmlPage page = wc.goTo(path);
            HtmlForm form = page.getFormByName("oauth2-authorize");
            assertEquals("post", form.getMethodAttribute().toLowerCase(Locale.ROOT));
            assertThat(form.getActionAttribute(), endsWith("/oauth2/authorize"));
            assertEquals(credential.getStateKey(), form.getInputByName("stateKey").getValue());
            String crumbField = j.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField();
            assertThat(form.getInputByName(crumbField).getValue(), not(is("")));
            assertEquals("Authorize", page.querySelector("#oauth2-authorize").getTextContent().strip());
            assertThat("nothing to refresh with", page.querySelector("#oauth2-refresh-now"), nullValue());
            assertEquals("NOT_AUTHORIZED", status(page));

            authorize(credential);

            HtmlPage authorized = wc.goTo(path + "?" + CredentialLogPage.AUTHORIZED_PARAMETER);
            assertThat(authorized.querySelector("#oauth2-authorized"), notNullValue());
            assertEquals("Re-authorize",
                    authorized.querySelector("#oauth2-authorize").getTextContent().strip());
            assertThat(authorized.querySelector("#oauth2-refresh-now"), notNullValue());
            assertEquals("HEALTHY", status(authorized));
            assertNoSecretIn(authorized);

            assertThat(wc.goTo(path).querySelector("#oauth2-authorized"), nullValue());
        }
    }

    @Test
    void authorizedMessageNeedsAnActualAuthorization() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = usedOnce(TokenEndpointStub.addTo(j.jenkins,
                provider.clientCredentials("api")));
        try (JenkinsRule.WebClient wc = j.createWebClient().login("admin")) {
            HtmlPage page = wc.goTo(CredentialLogPage.pathFor(credential.getStateKey()) + "?authorized");
            assertThat(page.querySelector("#oauth2-authorized"), nullValue());
        }
    }

    @Test
    void managementLinkListsOnlyTheCredentialsTheUserMayView() throws Exception {
        OAuth2AccessTokenCredentialsImpl system = usedOnce(TokenEndpointStub.addTo(j.jenkins,
                provider.clientCredentials("api")));
        OAuth2AccessTokenCredentialsImpl inFolder =
                TokenEndpointStub.addTo(folder, provider.clientCredentials("team-api"));

        try (JenkinsRule.WebClient wc = j.createWebClient().login("admin")) {
            assertThat(wc.goTo("manage/").getWebResponse().getContentAsString(),
                    containsString(OAuth2ManagementLink.URL_NAME));
            HtmlPage list = wc.goTo("manage/" + OAuth2ManagementLink.URL_NAME + "/");
            assertThat(list.querySelectorAll("#oauth2-credentials tbody tr"), hasSize(2));
            assertNoSecretIn(list);

            DomElement link = list.querySelector("a.oauth2-log-link[href$='" + system.getStateKey() + "/']");
            HtmlPage logPage = (HtmlPage) HtmlElementUtil.click((HtmlElement) link);
            assertThat(logPage.getUrl().toString(),
                    endsWith(CredentialLogPage.pathFor(system.getStateKey())));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().login("folder-viewer")) {
            HtmlPage list = wc.goTo(OAuth2ManagementLink.URL_NAME + "/");
            assertThat(list.querySelectorAll("#oauth2-credentials tbody tr"), hasSize(1));
            assertThat(list.<DomElement>querySelector("a.oauth2-log-link").getAttribute("href"),
                    endsWith(CredentialLogPage.pathFor(inFolder.getStateKey())));
            // <root>/oauth2/, which the breadcrumbs of the log pages link to, leads to this list.
            assertThat(wc.goTo("oauth2/").getUrl().toString(),
                    endsWith("/" + OAuth2ManagementLink.URL_NAME + "/"));
        }
    }

    /** Uses the credential once, so that it has a token and one line of log. */
    private static OAuth2AccessTokenCredentialsImpl usedOnce(OAuth2AccessTokenCredentialsImpl credential) {
        credential.getSecret();
        return credential;
    }

    /** What the authorization callback does once the state checks passed: redeems a code for tokens. */
    private void authorize(OAuth2AccessTokenCredentialsImpl credential) throws Exception {
        provider.issuesAccessAndRefreshToken();
        Instant now = Instant.now();
        AuthorizationRequest request = new AuthorizationRequest(SecretValue.of("test-state"),
                SecretValue.of("test-verifier-test-verifier-test-verifier-0123"),
                j.getURL() + "oauth2/callback", credential.getStateKey(), "admin", now,
                now.plus(Duration.ofMinutes(10)), URI.create(provider.authorizationUrl()));
        manager().completeAuthorization(credential.toManagedCredential(), request,
                SecretValue.of("test-code"));
    }

    private void assertNoSecretIn(HtmlPage page) {
        String html = page.getWebResponse().getContentAsString();
        assertThat(html, not(containsString(TokenEndpointStub.CLIENT_SECRET)));
        assertThat(html, not(containsString(TokenEndpointStub.ACCESS_TOKEN)));
        assertThat(html, not(containsString(TokenEndpointStub.REFRESH_TOKEN)));
    }

    /** The status the page shows, by its name. */
    private static String status(HtmlPage page) {
        return page.<DomElement>querySelector("#oauth2-status").getAttribute("data-status");
    }

    private int status(JenkinsRule.WebClient wc, String path) throws Exception {
        return wc.goTo(path, null).getWebResponse().getStatusCode();
    }

    private Page post(JenkinsRule.WebClient wc, String path) throws Exception {
        WebRequest request = new WebRequest(j.getURL().toURI().resolve(path).toURL(), HttpMethod.POST);
        return wc.getPage(wc.addCrumb(request));
    }

    private static TokenManager manager() {
        return OAuth2TokenService.get().tokenManager();
    }
}
