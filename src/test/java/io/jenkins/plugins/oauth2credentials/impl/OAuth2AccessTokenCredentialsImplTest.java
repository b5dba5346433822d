package io.jenkins.plugins.oauth2credentials.impl;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.UserCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import jenkins.model.Jenkins;
import jenkins.model.JenkinsLocationConfiguration;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlElementUtil;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class OAuth2AccessTokenCredentialsImplTest {
    private static final String TEST_URL =
            "descriptorByName/" + OAuth2AccessTokenCredentialsImpl.class.getName() + "/testConnection";

    private JenkinsRule j;
    private TokenEndpointStub provider;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
        provider = new TokenEndpointStub();
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void editThroughWebFormKeepsSecretStateKeyAndEveryField() throws Exception {
        OAuth2AccessTokenCredentialsImpl original =
                TokenEndpointStub.addTo(j.jenkins, provider.authorizationCode("user-api"));

        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            String form = saveThroughUpdateForm(wc, "credentials/store/system/domain/_/credential/user-api/",
                    f -> setDescription(f, "edited through the form"));
            // The edit form shows the redirect URL to register and links the credential's log page.
            assertThat(form, containsString(j.getURL() + "oauth2/callback"));
            assertThat(form, containsString("oauth2/credential/" + original.getStateKey() + "/"));
            assertThat(form, not(containsString(TokenEndpointStub.CLIENT_SECRET)));
        }

        OAuth2AccessTokenCredentialsImpl saved = waitForDescription("user-api", "edited through the form");
        assertThat(saved, not(sameInstance(original)));
        assertEquals(original.getStateKey(), saved.getStateKey());
        assertEquals(TokenEndpointStub.CLIENT_SECRET, saved.getClientSecret().getPlainText());
        assertEquals(original.getClientId(), saved.getClientId());
        assertEquals(original.getScopes(), saved.getScopes());
        assertEquals(original.getGrantType(), saved.getGrantType());
        assertEquals(original.getAuthorizationUrl(), saved.getAuthorizationUrl());
        assertEquals(original.getTokenUrl(), saved.getTokenUrl());
        assertEquals(original.getClientAuthenticationMethod(), saved.getClientAuthenticationMethod());
        assertEquals(original.getAuthorizationParameters().strip(),
                saved.getAuthorizationParameters().strip());
        assertEquals(original.getTokenParameters().strip(), saved.getTokenParameters().strip());
        assertEquals(original.getScopeSeparator(), saved.getScopeSeparator());
        assertEquals(original.getScope(), saved.getScope());

        // The secret is stored encrypted; the state key is stored so that it survives a restart.
        String xml = Files.readString(j.jenkins.getRootDir().toPath().resolve("credentials.xml"),
                StandardCharsets.UTF_8);
        assertThat(xml, not(containsString(TokenEndpointStub.CLIENT_SECRET)));
        assertThat(xml, containsString(original.getStateKey()));
    }

    @Test
    void formOffersTestButtonWithEveryClientField() throws Exception {
        TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlElement form = openUpdateForm(wc, "credentials/store/system/domain/_/credential/api/");
            DomElement button = form.querySelector("button[data-validate-button-method='testConnection']");
            assertThat(button, notNullValue());
            String with = button.getAttribute("data-validate-button-with");
            for (String field : List.of("grantType", "clientId", "clientSecret", "scopes", "authorizationUrl",
                    "tokenUrl", "clientAuthenticationMethod", "authorizationParameters", "tokenParameters",
                    "scopeSeparator")) {
                assertThat(with, containsString(field));
            }
            assertThat(form.asXml(), not(containsString(TokenEndpointStub.CLIENT_SECRET)));
        }
    }

    @Test
    void redirectUrlComesFromConfiguredRootUrlOnly() throws Exception {
        OAuth2AccessTokenCredentialsImpl.DescriptorImpl descriptor =
                ExtensionList.lookupSingleton(OAuth2AccessTokenCredentialsImpl.DescriptorImpl.class);
        JenkinsLocationConfiguration.get().setUrl("https://jenkins.example.com/ci/");
        assertEquals("https://jenkins.example.com/ci/oauth2/callback", descriptor.getRedirectUrl());

        JenkinsLocationConfiguration.get().setUrl(null);
        assertThat(descriptor.getRedirectUrl(), nullValue());
        TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlElement form = openUpdateForm(wc, "credentials/store/system/domain/_/credential/api/");
            assertThat(form.querySelector("#oauth2-no-root-url"), notNullValue());
            assertThat(form.querySelector("#oauth2-redirect-url"), nullValue());
        }
    }

    @Test
    void offeredInSystemAndFolderStoresButNotPerUserStores() throws Exception {
        OAuth2AccessTokenCredentialsImpl.DescriptorImpl descriptor =
                ExtensionList.lookupSingleton(OAuth2AccessTokenCredentialsImpl.DescriptorImpl.class);
        assertTrue(descriptor.isApplicable(
                ExtensionList.lookupSingleton(SystemCredentialsProvider.ProviderImpl.class)));
        assertFalse(descriptor.isApplicable(ExtensionList.lookupSingleton(UserCredentialsProvider.class)));

        Folder folder = j.jenkins.createProject(Folder.class, "team");
        CredentialsStore folderStore = TokenEndpointStub.storeOf(folder);
        assertTrue(folderStore.getCredentialsDescriptors().contains(descriptor));
    }

    @Test
    void constructorNamesTheInvalidField() {
        Descriptor.FormException e = assertThrows(Descriptor.FormException.class,
                () -> new OAuth2AccessTokenCredentialsImpl(CredentialsScope.GLOBAL, "bad", null, "client",
                        Secret.fromString("secret"), "read", "client_credentials", "",
                        "http://provider.example/token", "client_secret_basic", "", "", " "));
        assertEquals(ClientConfiguration.FIELD_TOKEN_URL, e.getFormField());

        e = assertThrows(Descriptor.FormException.class,
                () -> new OAuth2AccessTokenCredentialsImpl(CredentialsScope.GLOBAL, "bad", null, "client",
                        Secret.fromString("secret"), "read", "authorization_code", "", provider.tokenUrl(),
                        "client_secret_basic", "", "", " "));
        assertEquals(ClientConfiguration.FIELD_AUTHORIZATION_URL, e.getFormField());
    }

    @Test
    void testButtonFetchesTokenWithoutShowingOrStoringIt() throws Exception {
        provider.issuesAccessToken();
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            Page page = wc.getPage(testRequest(wc, TEST_URL, plainSecretForm()));

            String body = page.getWebResponse().getContentAsString();
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertThat(body, containsString("Success"));
            assertThat(body, containsString("Bearer"));
            assertThat(body, not(containsString(TokenEndpointStub.ACCESS_TOKEN)));
            assertThat(body, not(containsString(TokenEndpointStub.CLIENT_SECRET)));
        }
        assertEquals(1, provider.tokenRequests());
        assertTrue(OAuth2TokenService.get().store().keys().isEmpty(),
                "Test stores nothing");
    }

    @Test
    void testButtonAcceptsTheConcealedSecretOfTheEditedCredential() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl saved =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        // The edit form holds the saved secret encrypted; with the saved client ID and token URL,
        // Test decrypts it instead of sending it as typed.
        String encrypted = saved.getClientSecret().getEncryptedValue();
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            Page page = wc.getPage(testRequest(wc, TEST_URL, clientCredentialsForm(encrypted)));
            assertThat(page.getWebResponse().getContentAsString(), containsString("Success"));
        }
        String authorization = provider.lastAuthorizationHeader();
        assertThat(authorization, notNullValue());
        assertThat(new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                StandardCharsets.UTF_8), endsWith(":" + TokenEndpointStub.CLIENT_SECRET));
    }

    @Test
    void testButtonRefusesAnEncryptedSecretNoCredentialHereHolds() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl saved =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("creator", "folder-admin")
                .grant(CredentialsProvider.CREATE).everywhere().to("creator")
                .grant(CredentialsProvider.CREATE, CredentialsProvider.UPDATE).onItems(folder)
                .to("folder-admin"));
        // Any value encrypted with this controller's key: here another plugin's secret.
        String foreignPlain = "another-plugins-secret-7f3a90";
        String foreign = Secret.fromString(foreignPlain).getEncryptedValue();
        String stored = saved.getClientSecret().getEncryptedValue();

        try (JenkinsRule.WebClient wc = j.createWebClient().login("admin")) {
            String body = wc.getPage(testRequest(wc, TEST_URL, clientCredentialsForm(foreign)))
                    .getWebResponse().getContentAsString();
            assertThat(body, containsString("Enter the client secret again"));
            assertThat(body, not(containsString(foreignPlain)));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().login("folder-admin")) {
            // The system credential's secret, posted where the folder's form posts: not its store.
            String body = wc.getPage(testRequest(wc, "job/team/" + TEST_URL, clientCredentialsForm(stored)))
                    .getWebResponse().getContentAsString();
            assertThat(body, containsString("Enter the client secret again"));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().login("creator")) {
            // Right store, but this user may not update the credential that holds the secret.
            String body = wc.getPage(testRequest(wc, TEST_URL, clientCredentialsForm(stored)))
                    .getWebResponse().getContentAsString();
            assertThat(body, containsString("Enter the client secret again"));

            // A secret typed in plain is still tested.
            body = wc.getPage(testRequest(wc, TEST_URL, plainSecretForm()))
                    .getWebResponse().getContentAsString();
            assertThat(body, containsString("Success"));
        }
        assertEquals(1, provider.tokenRequests(), "only the plain secret reached the token endpoint");
    }

    @Test
    void testButtonRefusesTheStoredSecretWithAnotherTokenUrlOrClientId() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl saved =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        String stored = saved.getClientSecret().getEncryptedValue();
        try (TokenEndpointStub elsewhere = new TokenEndpointStub().issuesAccessToken();
                JenkinsRule.WebClient wc = j.createWebClient()) {
            List<NameValuePair> otherUrl = clientCredentialsForm(stored);
            otherUrl.removeIf(p -> p.getName().equals("tokenUrl"));
            otherUrl.add(new NameValuePair("tokenUrl", elsewhere.tokenUrl()));
            String body = wc.getPage(testRequest(wc, TEST_URL, otherUrl)).getWebResponse().getContentAsString();
            assertThat(body, containsString("Enter the client secret again"));

            List<NameValuePair> otherClient = clientCredentialsForm(stored);
            otherClient.removeIf(p -> p.getName().equals("clientId"));
            otherClient.add(new NameValuePair("clientId", "another-client"));
            body = wc.getPage(testRequest(wc, TEST_URL, otherClient)).getWebResponse().getContentAsString();
            assertThat(body, containsString("Enter the client secret again"));

            assertEquals(0, elsewhere.tokenRequests());
        }
        assertEquals(0, provider.tokenRequests());
    }

    @Test
    void testButtonNeverQuotesAnAnswerThatIsNotATokenResponse() throws Exception {
        String sentinel = "internal-page-content-4e1b77";
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            provider.answers(502, "text/html", "<html><body>" + sentinel + "</body></html>");
            String body = wc.getPage(testRequest(wc, TEST_URL, plainSecretForm()))
                    .getWebResponse().getContentAsString();
            assertThat(body, containsString("Test failed"));
            assertThat(body, containsString("502"));
            assertThat(body, containsString("text/html"));
            assertThat(body, not(containsString(sentinel)));

            provider.answers(200, "text/plain", "status: ok " + sentinel);
            body = wc.getPage(testRequest(wc, TEST_URL, plainSecretForm()))
                    .getWebResponse().getContentAsString();
            assertThat(body, containsString("Test failed"));
            assertThat(body, not(containsString(sentinel)));
        }
    }

    @Test
    void creationFormCannotChooseTheStateKey() throws Exception {
        OAuth2AccessTokenCredentialsImpl existing =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("existing"));
        JSONObject credential = clientCredentialsForm("created", "other-client", "other-secret")
                .element("stateKey", existing.getStateKey());

        submitCreationForm(credential);

        OAuth2AccessTokenCredentialsImpl created = find("created");
        assertEquals("other-client", created.getClientId(), "the form was bound");
        assertThat(created.getStateKey(), not(is(existing.getStateKey())));
        assertTrue(created.getStateKey().matches("[A-Za-z0-9_-]{16,64}"));
    }

    @Test
    void savingAClientCredentialsCredentialFetchesItsFirstTokenAtOnce() throws Exception {
        submitCreationForm(clientCredentialsForm("fetched-on-save", TokenEndpointStub.CLIENT_ID,
                TokenEndpointStub.CLIENT_SECRET));

        String stateKey = find("fetched-on-save").getStateKey();
        TokenManager manager = OAuth2TokenService.get().tokenManager();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (manager.state(stateKey).status() != CredentialStatus.HEALTHY && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(CredentialStatus.HEALTHY, manager.state(stateKey).status());
        assertEquals(1, provider.tokenRequests());
        assertEquals(RefreshTrigger.SAVE, manager.log(stateKey).get(0).trigger());
    }

    @Test
    void testButtonShowsTheProvidersError() throws Exception {
        provider.rejects(401, "invalid_client", "Client authentication failed");
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            Page page = wc.getPage(testRequest(wc, TEST_URL, clientCredentialsForm("wrong-secret")));

            String body = page.getWebResponse().getContentAsString();
            assertThat(body, containsString("error"));
            assertThat(body, containsString("invalid_client"));
            assertThat(body, containsString("Client authentication failed"));
            assertThat(body, not(containsString("wrong-secret")));
        }
    }

    @Test
    void testButtonReportsInvalidSettingsWithoutCallingTheProvider() throws Exception {
        List<NameValuePair> form = plainSecretForm();
        form.removeIf(p -> p.getName().equals("tokenUrl"));
        form.add(new NameValuePair("tokenUrl", "http://provider.example/token"));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            Page page = wc.getPage(testRequest(wc, TEST_URL, form));
            assertThat(page.getWebResponse().getContentAsString(), containsString("https"));
        }
        assertEquals(0, provider.tokenRequests());
    }

    @Test
    void testButtonIsForbiddenWithoutCreateOrUpdatePermission() throws Exception {
        provider.issuesAccessToken();
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader", "folder-admin")
                .grant(CredentialsProvider.CREATE).onItems(folder).to("folder-admin"));

        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("reader");
            Page denied = wc.getPage(testRequest(wc, TEST_URL, plainSecretForm()));
            assertEquals(403, denied.getWebResponse().getStatusCode());
            assertThat(denied.getWebResponse().getContentAsString(), not(containsString("Success")));
        }
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            wc.login("folder-admin");
            Page denied = wc.getPage(testRequest(wc, TEST_URL, plainSecretForm()));
            assertEquals(403, denied.getWebResponse().getStatusCode(), "no permission on Jenkins itself");
            assertEquals(0, provider.tokenRequests());

            Page allowed = wc.getPage(testRequest(wc, "job/team/" + TEST_URL, plainSecretForm()));
            assertEquals(200, allowed.getWebResponse().getStatusCode());
            assertThat(allowed.getWebResponse().getContentAsString(), containsString("Success"));
        }
        assertEquals(1, provider.tokenRequests());
    }

    @Test
    void testButtonRefusesGet() throws Exception {
        provider.issuesAccessToken();
        try (JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false)) {
            WebRequest get = new WebRequest(j.getURL().toURI().resolve(TEST_URL).toURL(), HttpMethod.GET);
            get.setRequestParameters(plainSecretForm());
            Page page = wc.getPage(get);
            // @POST: Stapler skips the method for a GET and finds nothing else to answer it.
            assertEquals(404, page.getWebResponse().getStatusCode());
        }
        assertEquals(0, provider.tokenRequests());
    }

    /** What the Test button sends for a client credentials form with the secret typed in. */
    private List<NameValuePair> plainSecretForm() {
        return clientCredentialsForm(TokenEndpointStub.CLIENT_SECRET);
    }

    private List<NameValuePair> clientCredentialsForm(String secret) {
        List<NameValuePair> form = new ArrayList<>();
        form.add(new NameValuePair("grantType", "client_credentials"));
        form.add(new NameValuePair("clientId", TokenEndpointStub.CLIENT_ID));
        form.add(new NameValuePair("clientSecret", secret));
        form.add(new NameValuePair("scopes", "read"));
        form.add(new NameValuePair("authorizationUrl", ""));
        form.add(new NameValuePair("tokenUrl", provider.tokenUrl()));
        form.add(new NameValuePair("clientAuthenticationMethod", "client_secret_basic"));
        form.add(new NameValuePair("authorizationParameters", ""));
        form.add(new NameValuePair("tokenParameters", ""));
        form.add(new NameValuePair("scopeSeparator", " "));
        return form;
    }

    /** What the creation form submits for a client credentials credential against the stub. */
    private JSONObject clientCredentialsForm(String id, String clientId, String clientSecret) {
        return new JSONObject()
                .element("$class", OAuth2AccessTokenCredentialsImpl.class.getName())
                .element("scope", "GLOBAL")
                .element("id", id)
                .element("description", "")
                .element("clientId", clientId)
                .element("clientSecret", clientSecret)
                .element("scopes", "read")
                .element("grantType", "client_credentials")
                .element("authorizationUrl", "")
                .element("tokenUrl", provider.tokenUrl())
                .element("clientAuthenticationMethod", "client_secret_basic")
                .element("authorizationParameters", "")
                .element("tokenParameters", "")
                .element("scopeSeparator", " ");
    }

    private void submitCreationForm(JSONObject credential) throws Exception {
        List<NameValuePair> form = new ArrayList<>();
        form.add(new NameValuePair("json", new JSONObject().element("credentials", credential).toString()));
        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            Page page = wc.getPage(testRequest(wc, "credentials/store/system/domain/_/createCredentials", form));
            assertEquals(200, page.getWebResponse().getStatusCode());
        }
    }

    private WebRequest testRequest(JenkinsRule.WebClient wc, String path, List<NameValuePair> form)
            throws Exception {
        WebRequest request = new WebRequest(j.getURL().toURI().resolve(path).toURL(), HttpMethod.POST);
        request.setRequestParameters(form);
        return wc.addCrumb(request);
    }

    /**
     * Opens the credential's update form the way a user does. Credentials 15xx shows it in a
     * dialog opened from the credential's page; older versions have an "update" page.
     */
    static HtmlElement openUpdateForm(JenkinsRule.WebClient wc, String credentialPath) throws Exception {
        HtmlPage page = wc.goTo(credentialPath);
        HtmlButton update = page.querySelector("button[data-type='credentials-update']");
        if (update != null) {
            HtmlElementUtil.click(update);
            wc.waitForBackgroundJavaScript(5_000);
            HtmlForm form = page.querySelector("#credentials-dialog-form");
            assertThat("update dialog loaded", form, notNullValue());
            return form;
        }
        HtmlPage updatePage = wc.goTo(credentialPath + "update");
        wc.waitForBackgroundJavaScript(5_000);
        return updatePage.getFormByName("update");
    }

    /**
     * Opens the update form, lets the test change it, and saves it as a user does.
     *
     * @return the form as it was shown, before saving
     */
    String saveThroughUpdateForm(JenkinsRule.WebClient wc, String credentialPath, Consumer<HtmlElement> edit)
            throws Exception {
        HtmlElement form = openUpdateForm(wc, credentialPath);
        String shown = form.asXml();
        edit.accept(form);
        HtmlElement dialogSubmit = form.querySelector("#cr-dialog-submit");
        if (dialogSubmit != null) {
            HtmlElementUtil.click(dialogSubmit);
            wc.waitForBackgroundJavaScript(5_000);
        } else {
            j.submit((HtmlForm) form);
        }
        return shown;
    }

    private static void setDescription(HtmlElement form, String description) {
        DomElement input = form.querySelector("input[name='_.description']");
        assertThat(input, notNullValue());
        ((HtmlInput) input).setValue(description);
    }

    /** The saved credential once its description is the expected one (the dialog saves by script). */
    private OAuth2AccessTokenCredentialsImpl waitForDescription(String id, String description)
            throws Exception {
        for (int i = 0; i < 100; i++) {
            OAuth2AccessTokenCredentialsImpl current = find(id);
            if (description.equals(current.getDescription())) {
                return current;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the edit of " + id + " was not saved; description is "
                + find(id).getDescription());
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
