package io.jenkins.plugins.oauth2credentials.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.CLIENT_ID;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.CLIENT_SECRET;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.addCredential;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.authorizationRequests;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.authorizeRequest;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.callback;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.form;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.lastLogEntry;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.log;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.query;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.s256;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.startAuthorization;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.startProvider;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.state;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.storeOf;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.stubCodeExchange;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.stubConsent;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.stubDenial;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.tokenRequests;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import jenkins.model.Jenkins;
import jenkins.model.JenkinsLocationConfiguration;
import org.htmlunit.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The whole authorization code flow in a browser: Jenkins, HtmlUnit, and an authorization
 * server under the test's control. Engine rules (token parsing, PKCE, state lifetime) are tested
 * in the engine build; these tests prove the wiring, the permission checks and that a callback
 * is refused before any token request whenever its state does not match.
 */
@WithJenkins
class AuthorizationFlowTest {
    private JenkinsRule j;
    private WireMockServer provider;
    private String redirectUri;
    private final LogRecorder logs = new LogRecorder().quiet()
            .record("io.jenkins.plugins.oauth2credentials", Level.FINEST).capture(1000);

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        provider = startProvider();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin", "other")
                .grant(Jenkins.READ, CredentialsProvider.VIEW).everywhere().to("viewer")
                .grant(Jenkins.READ).everywhere().to("reader"));
        redirectUri = j.getURL() + "oauth2/callback";
    }

    @AfterEach
    void tearDown() {
        logs.close();
        provider.stop();
    }

    @Test
    void authorizeThenCallbackStoresTokensAndReturnsToTheLogPage() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubConsent(provider, redirectUri, "CODE-1");
        stubCodeExchange(provider, "CODE-1", "AT-1", "RT-1");
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");

        Page page = authorize(wc, credential);

        assertEquals(logPageAfterAuthorization(j.getURL().toString(), credential),
                page.getUrl().toString());
        assertEquals(200, status(page));

        assertThat(authorizationRequests(provider), hasSize(1));
        Map<String, String> sent = query(authorizationRequests(provider).get(0).getAbsoluteUrl());
        assertEquals("code", sent.get("response_type"));
        assertEquals(CLIENT_ID, sent.get("client_id"));
        assertEquals(redirectUri, sent.get("redirect_uri"));
        assertEquals("S256", sent.get("code_challenge_method"));
        assertThat("128 random bits or more", sent.get("state").length(),
                greaterThanOrEqualTo(22));

        List<LoggedRequest> exchanges = tokenRequests(provider);
        assertThat(exchanges, hasSize(1));
        Map<String, String> body = form(exchanges.get(0).getBodyAsString());
        assertEquals("authorization_code", body.get("grant_type"));
        assertEquals("CODE-1", body.get("code"));
        assertEquals(redirectUri, body.get("redirect_uri"), "the redirect URI sent before");
        assertEquals(sent.get("code_challenge"), s256(body.get("code_verifier")),
                "the verifier of the challenge sent before");

        TokenState state = state(credential);
        assertEquals(CredentialStatus.HEALTHY, state.status());
        assertEquals("AT-1", state.tokens().accessToken().reveal());
        assertEquals("RT-1", state.tokens().refreshToken().reveal());
        assertEquals("AT-1", credential.getSecret().getPlainText());
        RefreshLogEntry entry = lastLogEntry(credential);
        assertEquals(RefreshTrigger.AUTHORIZATION, entry.trigger());
        assertTrue(entry.succeeded());
        assertThat(entry.message(), containsString("admin"));

        List<String> secrets = List.of(sent.get("state"), "CODE-1", body.get("code_verifier"),
                "AT-1", "RT-1", CLIENT_SECRET);
        assertNoSecret("the final URL", page.getUrl().toString(), secrets);
        assertNoSecret("the log page", html(page), secrets);
        assertNoSecretInLogs(secrets);
    }

    @Test
    void replayedStateIsRefusedWithoutTokenRequest() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubConsent(provider, redirectUri, "CODE-1");
        stubCodeExchange(provider, "CODE-1", "AT-1", "RT-1");
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        authorize(wc, credential);
        String state = query(authorizationRequests(provider).get(0).getAbsoluteUrl()).get("state");
        assertThat(tokenRequests(provider), hasSize(1));

        Page replay = callback(wc, "code=CODE-1&state=" + state);

        assertEquals(400, status(replay));
        assertThat(tokenRequests(provider), hasSize(1));
        assertEquals("AT-1", state(credential).tokens().accessToken().reveal());
        assertNoSecret("the error page", html(replay), List.of(state, "CODE-1"));
        assertWarningWithoutSecret(state);
    }

    @Test
    void forgedStateIsRefusedAndLoggedWithoutItsValue() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubCodeExchange(provider, "CODE-X", "AT-X", "RT-X");
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        startAuthorization(j, wc, credential.getStateKey());

        Page forged = callback(wc, "code=CODE-X&state=FORGED-STATE-VALUE");

        assertEquals(400, status(forged));
        assertThat(tokenRequests(provider), hasSize(0));
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state(credential).status());
        assertNoSecret("the error page", html(forged), List.of("FORGED-STATE-VALUE", "CODE-X"));
        assertWarningWithoutSecret("FORGED-STATE-VALUE");
    }

    @Test
    void callbackWithoutStateIsRefused() throws Exception {
        addCredential(j.jenkins, "api", provider);
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");

        Page page = callback(wc, "code=CODE-X");

        assertEquals(400, status(page));
        assertThat(tokenRequests(provider), hasSize(0));
    }

    @Test
    void stateStartedByAnotherUserIsRefusedAndRecordedOnTheCredential() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubCodeExchange(provider, "CODE-1", "AT-1", "RT-1");
        JenkinsRule.WebClient admin = j.createWebClient().login("admin");
        String state = query(startAuthorization(j, admin, credential.getStateKey())).get("state");
        JenkinsRule.WebClient other = j.createWebClient().login("other");

        Page foreign = callback(other, "code=CODE-1&state=" + state);

        assertEquals(403, status(foreign));
        assertThat(tokenRequests(provider), hasSize(0));
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state(credential).status());
        RefreshLogEntry entry = lastLogEntry(credential);
        assertFalse(entry.succeeded());
        assertEquals(RefreshTrigger.AUTHORIZATION, entry.trigger());
        assertThat(entry.message(), containsString("user other"));
        assertNoSecret("the error page", html(foreign), List.of(state, "CODE-1"));
        assertNoSecretInLogs(List.of(state, "CODE-1"));

        // The refused attempt spent the state: not even the user who started it can use it now.
        assertEquals(400, status(callback(admin, "code=CODE-1&state=" + state)));
        assertThat(tokenRequests(provider), hasSize(0));
    }

    @Test
    void parallelAuthorizationsOfTwoCredentialsEachGetTheirOwnTokens() throws Exception {
        OAuth2AccessTokenCredentialsImpl first = addCredential(j.jenkins, "first", provider);
        OAuth2AccessTokenCredentialsImpl second = addCredential(j.jenkins, "second", provider);
        stubCodeExchange(provider, "CODE-1", "AT-1", "RT-1");
        stubCodeExchange(provider, "CODE-2", "AT-2", "RT-2");
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        String state1 = query(startAuthorization(j, wc, first.getStateKey())).get("state");
        String state2 = query(startAuthorization(j, wc, second.getStateKey())).get("state");

        // The answers arrive in the other order, as from two browser tabs.
        Page back2 = callback(wc, "code=CODE-2&state=" + state2);
        Page back1 = callback(wc, "code=CODE-1&state=" + state1);

        assertEquals(302, status(back2));
        assertEquals(logPageAfterAuthorization(j.getURL().toString(), second), location(back2));
        assertEquals(302, status(back1));
        assertEquals(logPageAfterAuthorization(j.getURL().toString(), first), location(back1));
        assertEquals("AT-1", state(first).tokens().accessToken().reveal());
        assertEquals("AT-2", state(second).tokens().accessToken().reveal());
    }

    @Test
    void accessDeniedIsRecordedAndShownWithoutTokenExchange() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubDenial(provider, redirectUri);
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        wc.setThrowExceptionOnFailingStatusCode(false);

        Page page = authorize(wc, credential);

        assertEquals(400, status(page));
        assertThat(page.getUrl().toString(), startsWith(redirectUri));
        String html = html(page);
        assertThat(html, containsString("access_denied"));
        assertThat(html, containsString("The user denied access"));
        assertThat(tokenRequests(provider), hasSize(0));
        RefreshLogEntry entry = lastLogEntry(credential);
        assertFalse(entry.succeeded());
        assertEquals(RefreshTrigger.AUTHORIZATION, entry.trigger());
        assertEquals("access_denied", entry.error());
        assertEquals("The user denied access", entry.errorDescription());
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state(credential).status());
        String state = query(authorizationRequests(provider).get(0).getAbsoluteUrl()).get("state");
        assertNoSecret("the error page", html, List.of(state));
    }

    @Test
    void rejectedCodeShowsTheProviderError() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubConsent(provider, redirectUri, "CODE-OLD");
        provider.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\","
                        + "\"error_description\":\"Code already redeemed\"}")));
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        wc.setThrowExceptionOnFailingStatusCode(false);

        Page page = authorize(wc, credential);

        assertEquals(400, status(page));
        String html = html(page);
        assertThat(html, containsString("invalid_grant"));
        assertThat(html, containsString("Code already redeemed"));
        assertThat(html, not(containsString("CODE-OLD")));
        assertThat(tokenRequests(provider), hasSize(1));
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state(credential).status());
        assertEquals("invalid_grant", lastLogEntry(credential).error());
    }

    @Test
    void githubStyleErrorInsideHttp200IsShown() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubConsent(provider, redirectUri, "CODE-GH");
        provider.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .withBody("error=bad_verification_code"
                        + "&error_description=The+code+passed+is+incorrect+or+expired.")));
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        wc.setThrowExceptionOnFailingStatusCode(false);

        Page page = authorize(wc, credential);

        assertEquals(400, status(page));
        String html = html(page);
        assertThat(html, containsString("bad_verification_code"));
        assertThat(html, containsString("The code passed is incorrect or expired."));
        assertNull(state(credential).tokens());
    }

    @Test
    void callbackForACredentialDeletedMeanwhileRequestsNoToken() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubCodeExchange(provider, "CODE-1", "AT-1", "RT-1");
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        String state = query(startAuthorization(j, wc, credential.getStateKey())).get("state");
        storeOf(j.jenkins).removeCredentials(Domain.global(), credential);

        Page page = callback(wc, "code=CODE-1&state=" + state);

        assertEquals(404, status(page));
        assertThat(tokenRequests(provider), hasSize(0));
    }

    @Test
    void userWhoMayOnlyViewTheCredentialGets403OnAuthorize() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        JenkinsRule.WebClient wc = lenientClient("viewer");

        Page page = authorize(wc, credential);

        assertEquals(403, status(page));
        assertEquals(0, OAuth2TokenService.get().pendingAuthorizations().size());
        assertThat(authorizationRequests(provider), hasSize(0));
    }

    @Test
    void unknownOrInvisibleCredentialGets404OnAuthorize() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        JenkinsRule.WebClient reader = lenientClient("reader");
        JenkinsRule.WebClient admin = lenientClient("admin");

        Page invisible = authorize(reader, credential);
        String root = j.getURL().toString();
        Page unknown = admin.getPage(authorizeRequest(admin, root, "no-such-state-key-0000"));

        assertEquals(404, status(invisible));
        assertEquals(404, status(unknown));
        assertEquals(0, OAuth2TokenService.get().pendingAuthorizations().size());
    }

    @Test
    void getOnAuthorizeIsRefused() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        JenkinsRule.WebClient wc = lenientClient("admin");

        Page page = wc.goTo("oauth2/authorize?stateKey=" + credential.getStateKey(), null);

        // @POST makes Stapler skip the method for any other verb, so nothing answers the GET:
        // 404, not the 405 of @RequirePOST.
        assertEquals(404, status(page));
        assertEquals(0, OAuth2TokenService.get().pendingAuthorizations().size());
        assertThat(authorizationRequests(provider), hasSize(0));
    }

    @Test
    void folderCredentialNeedsUpdatePermissionOnItsFolder() throws Exception {
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, CredentialsProvider.VIEW).everywhere().to("alice")
                .grant(CredentialsProvider.UPDATE).onItems(folder).to("alice"));
        OAuth2AccessTokenCredentialsImpl inFolder = addCredential(folder, "team-api", provider);
        OAuth2AccessTokenCredentialsImpl inSystem =
                addCredential(j.jenkins, "system-api", provider);
        JenkinsRule.WebClient wc = lenientClient("alice");

        Page folderAnswer = authorize(wc, inFolder);
        Page systemAnswer = authorize(wc, inSystem);

        assertEquals(302, status(folderAnswer));
        assertThat(location(folderAnswer),
                startsWith(AuthorizationTestSupport.providerUrl(provider) + "/authorize?"));
        assertEquals(403, status(systemAnswer));
        assertEquals(1, OAuth2TokenService.get().pendingAuthorizations().size());
    }

    @Test
    void withoutConfiguredRootUrlAuthorizeShowsAnErrorAndDoesNotRedirect() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        JenkinsLocationConfiguration.get().setUrl(null);
        JenkinsRule.WebClient wc = lenientClient("admin");

        Page page = authorize(wc, credential);

        assertEquals(409, status(page));
        assertNull(location(page));
        assertThat(html(page), containsString("Jenkins URL is not configured"));
        assertEquals(0, OAuth2TokenService.get().pendingAuthorizations().size());
    }

    @Test
    void clientCredentialsCredentialCannotBeAuthorized() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential =
                addCredential(j.jenkins, "machine", provider, "client_credentials");
        JenkinsRule.WebClient wc = lenientClient("admin");

        Page page = authorize(wc, credential);

        assertEquals(400, status(page));
        assertThat(html(page), containsString("client_credentials"));
        assertEquals(0, OAuth2TokenService.get().pendingAuthorizations().size());
    }

    /**
     * Jenkins under a context path behind a reverse proxy that does not forward its host: the
     * browser only ever talks to the proxy. The redirect URI and the page after the callback
     * must come from the configured URL; built from the request they would name Jenkins' own
     * port, which the browser cannot reach in a real deployment.
     */
    @Test
    void behindReverseProxyUnderContextPathEveryUrlComesFromTheConfiguredRoot() throws Exception {
        WireMockServer proxy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        proxy.start();
        try {
            String jenkinsHost = "http://localhost:" + j.getURL().getPort();
            proxy.stubFor(any(urlPathMatching(j.contextPath + "/.*"))
                    .willReturn(aResponse().proxiedFrom(jenkinsHost)));
            // "localhost" as in JenkinsRule's own URL, so the login cookie goes to the proxy too.
            String publicRoot = "http://localhost:" + proxy.port() + j.contextPath + "/";
            JenkinsLocationConfiguration.get().setUrl(publicRoot);
            OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
            stubConsent(provider, publicRoot + "oauth2/callback", "CODE-P");
            stubCodeExchange(provider, "CODE-P", "AT-P", "RT-P");
            JenkinsRule.WebClient wc = j.createWebClient().login("admin");

            Page page = wc.getPage(authorizeRequest(wc, publicRoot, credential.getStateKey()));

            assertEquals(logPageAfterAuthorization(publicRoot, credential),
                    page.getUrl().toString());
            Map<String, String> body = form(tokenRequests(provider).get(0).getBodyAsString());
            assertEquals(publicRoot + "oauth2/callback", body.get("redirect_uri"));
            proxy.verify(getRequestedFor(urlPathEqualTo(j.contextPath + "/oauth2/callback")));
            assertEquals("AT-P", state(credential).tokens().accessToken().reveal());
        } finally {
            proxy.stop();
        }
    }

    @Test
    void authorizationEntriesNeverHoldSecrets() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubConsent(provider, redirectUri, "CODE-1");
        stubCodeExchange(provider, "CODE-1", "AT-1", "RT-1");
        provider.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("code=CODE-2"))
                .willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\","
                                + "\"error_description\":\"CODE-2 is not valid\"}")));
        JenkinsRule.WebClient wc = j.createWebClient().login("admin");
        authorize(wc, credential);
        String state2 = query(startAuthorization(j, wc, credential.getStateKey())).get("state");
        callback(wc, "code=CODE-2&state=" + state2);

        List<String> secrets =
                new ArrayList<>(List.of("CODE-1", "CODE-2", "AT-1", "RT-1", CLIENT_SECRET, state2));
        for (LoggedRequest request : authorizationRequests(provider)) {
            secrets.add(query(request.getAbsoluteUrl()).get("state"));
        }
        for (RefreshLogEntry entry : log(credential)) {
            String text =
                    entry.message() + " | " + entry.error() + " | " + entry.errorDescription();
            assertNoSecret("a log entry", text, secrets);
        }
        assertNoSecretInLogs(secrets);
    }

    private Page authorize(JenkinsRule.WebClient wc, OAuth2AccessTokenCredentialsImpl credential)
            throws Exception {
        return wc.getPage(authorizeRequest(wc, j.getURL().toString(), credential.getStateKey()));
    }

    /** A logged-in browser that shows every answer as it is: no redirect, no exception. */
    private JenkinsRule.WebClient lenientClient(String user) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        return wc;
    }

    private static String logPageAfterAuthorization(String root,
            OAuth2AccessTokenCredentialsImpl credential) {
        return root + "oauth2/credential/" + credential.getStateKey() + "/?authorized";
    }

    private static int status(Page page) {
        return page.getWebResponse().getStatusCode();
    }

    private static String location(Page page) {
        return page.getWebResponse().getResponseHeaderValue("Location");
    }

    private static String html(Page page) {
        return page.getWebResponse().getContentAsString();
    }

    private void assertWarningWithoutSecret(String secret) {
        boolean warned = logs.getRecords().stream()
                .anyMatch(record -> record.getLevel() == Level.WARNING
                        && AuthorizationFlow.class.getName().equals(record.getLoggerName()));
        assertTrue(warned, "a refused callback is logged");
        assertNoSecretInLogs(List.of(secret));
    }

    private void assertNoSecretInLogs(List<String> secrets) {
        for (String message : logs.getMessages()) {
            assertNoSecret("the Jenkins log", message, secrets);
        }
        for (LogRecord record : logs.getRecords()) {
            if (record.getThrown() != null) {
                assertNoSecret("a logged exception", String.valueOf(record.getThrown()), secrets);
            }
        }
    }

    private static void assertNoSecret(String where, String text, List<String> secrets) {
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                assertFalse(text.contains(secret), where + " must not contain a secret value");
            }
        }
    }
}
