package io.jenkins.plugins.oauth2credentials.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import hudson.model.ModelObject;
import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.testing.CredentialStores;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * An authorization server under the test's control (WireMock on 127.0.0.1) and the steps of the
 * browser flow. The authorization endpoint behaves like a provider whose user always consents:
 * it answers 302 to the {@code redirect_uri} it was given, with a code and the request's state.
 */
final class AuthorizationTestSupport {
    static final String CLIENT_ID = "jenkins-client";
    static final String CLIENT_SECRET = "s3cret+value";

    private AuthorizationTestSupport() {}

    static WireMockServer startProvider() {
        WireMockServer provider =
                new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
        return provider;
    }

    static String providerUrl(WireMockServer provider) {
        return "http://127.0.0.1:" + provider.port();
    }

    /** The consent step: back to the redirect URI (only the registered one) with this code. */
    static void stubConsent(WireMockServer provider, String expectedRedirectUri, String code) {
        provider.stubFor(get(urlPathEqualTo("/authorize"))
                .withQueryParam("redirect_uri", equalTo(expectedRedirectUri))
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "{{{request.query.redirect_uri}}}?code=" + code
                                + "&state={{{request.query.state}}}")
                        .withTransformers("response-template")));
    }

    /** The consent step when the user presses "Deny". */
    static void stubDenial(WireMockServer provider, String expectedRedirectUri) {
        provider.stubFor(get(urlPathEqualTo("/authorize"))
                .withQueryParam("redirect_uri", equalTo(expectedRedirectUri))
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "{{{request.query.redirect_uri}}}"
                                + "?error=access_denied&error_description=The+user+denied+access"
                                + "&state={{{request.query.state}}}")
                        .withTransformers("response-template")));
    }

    /** The token endpoint redeeming this code. */
    static void stubCodeExchange(WireMockServer provider, String code, String accessToken,
            String refreshToken) {
        provider.stubFor(post(urlPathEqualTo("/token"))
                .withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + code))
                .willReturn(okJson("{\"access_token\":\"" + accessToken + "\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"" + refreshToken + "\"}")));
    }

    /** An authorization code credential of this provider, added to the store of the context. */
    static OAuth2AccessTokenCredentialsImpl addCredential(ModelObject context, String id,
            WireMockServer provider) throws Exception {
        return addCredential(context, id, provider, "authorization_code");
    }

    static OAuth2AccessTokenCredentialsImpl addCredential(ModelObject context, String id,
            WireMockServer provider, String grantType) throws Exception {
        String base = providerUrl(provider);
        OAuth2AccessTokenCredentialsImpl credential = new OAuth2AccessTokenCredentialsImpl(
                CredentialsScope.GLOBAL, id, "test credential " + id, CLIENT_ID,
                Secret.fromString(CLIENT_SECRET), "read write", grantType, base + "/authorize",
                base + "/token", "client_secret_basic", "", "", " ");
        storeOf(context).addCredentials(Domain.global(), credential);
        return credential;
    }

    /** The credential store that belongs to this context itself (the system store for Jenkins). */
    static CredentialsStore storeOf(ModelObject context) {
        return CredentialStores.storeOf(context);
    }

    /** {@code POST oauth2/authorize} with a crumb, below the given Jenkins root. */
    static WebRequest authorizeRequest(JenkinsRule.WebClient wc, String root, String stateKey)
            throws Exception {
        WebRequest request =
                new WebRequest(URI.create(root + "oauth2/authorize").toURL(), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("stateKey", stateKey)));
        return wc.addCrumb(request);
    }

    /**
     * Starts an authorization without following the redirect, as a browser that has not yet
     * reached the provider.
     *
     * @return the authorization URL Jenkins redirected to
     */
    static String startAuthorization(JenkinsRule j, JenkinsRule.WebClient wc, String stateKey)
            throws Exception {
        boolean redirects = wc.isRedirectEnabled();
        boolean throwing = wc.isThrowExceptionOnFailingStatusCode();
        wc.setRedirectEnabled(false);
        // HtmlUnit counts an unfollowed 302 as a failing status: it would throw instead of returning it.
        wc.setThrowExceptionOnFailingStatusCode(false);
        try {
            Page page = wc.getPage(authorizeRequest(wc, j.getURL().toString(), stateKey));
            assertEquals(302, page.getWebResponse().getStatusCode());
            return page.getWebResponse().getResponseHeaderValue("Location");
        } finally {
            wc.setRedirectEnabled(redirects);
            wc.setThrowExceptionOnFailingStatusCode(throwing);
        }
    }

    /** GET on the callback, as after the provider's redirect; the answer is not followed. */
    static Page callback(JenkinsRule.WebClient wc, String query) throws Exception {
        boolean redirects = wc.isRedirectEnabled();
        boolean throwing = wc.isThrowExceptionOnFailingStatusCode();
        wc.setRedirectEnabled(false);
        wc.setThrowExceptionOnFailingStatusCode(false);
        try {
            return wc.goTo("oauth2/callback?" + query, null);
        } finally {
            wc.setRedirectEnabled(redirects);
            wc.setThrowExceptionOnFailingStatusCode(throwing);
        }
    }

    /** The decoded query parameters of a URL. */
    static Map<String, String> query(String url) {
        return form(URI.create(url).getRawQuery());
    }

    /** The decoded fields of an {@code application/x-www-form-urlencoded} text. */
    static Map<String, String> form(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** RFC 7636 section 4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
    static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    static List<LoggedRequest> authorizationRequests(WireMockServer provider) {
        return provider.findAll(getRequestedFor(urlPathEqualTo("/authorize")));
    }

    static List<LoggedRequest> tokenRequests(WireMockServer provider) {
        return provider.findAll(postRequestedFor(urlPathEqualTo("/token")));
    }

    static TokenState state(OAuth2AccessTokenCredentialsImpl credential) throws Exception {
        return OAuth2TokenService.get().tokenManager().state(credential.getStateKey());
    }

    static List<RefreshLogEntry> log(OAuth2AccessTokenCredentialsImpl credential) throws Exception {
        return OAuth2TokenService.get().tokenManager().log(credential.getStateKey());
    }

    static RefreshLogEntry lastLogEntry(OAuth2AccessTokenCredentialsImpl credential)
            throws Exception {
        List<RefreshLogEntry> entries = log(credential);
        return entries.get(entries.size() - 1);
    }
}
