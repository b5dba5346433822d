package io.jenkins.plugins.oauth2credentials.web;

import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.addCredential;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.callback;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.lastLogEntry;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.query;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.startAuthorization;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.startProvider;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.state;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.stubCodeExchange;
import static io.jenkins.plugins.oauth2credentials.web.AuthorizationTestSupport.tokenRequests;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import org.htmlunit.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A callback that arrives after the authorization's lifetime is refused. The lifetime is a
 * system property read when Jenkins starts, so this class shortens it to one second for its own
 * Jenkins, before the rule starts.
 */
@WithJenkins
class AuthorizationFlowExpiryTest {
    private static final String LIFETIME =
            PendingAuthorizations.class.getName() + ".lifetimeSeconds";

    private WireMockServer provider;

    @BeforeAll
    static void shortLifetime() {
        System.setProperty(LIFETIME, "1");
    }

    @AfterAll
    static void defaultLifetime() {
        System.clearProperty(LIFETIME);
    }

    @AfterEach
    void stopProvider() {
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    void expiredStateIsRefusedAndRecordedOnTheCredential(JenkinsRule j) throws Exception {
        provider = startProvider();
        OAuth2AccessTokenCredentialsImpl credential = addCredential(j.jenkins, "api", provider);
        stubCodeExchange(provider, "CODE-1", "AT-1", "RT-1");
        JenkinsRule.WebClient wc = j.createWebClient();
        String state = query(startAuthorization(j, wc, credential.getStateKey())).get("state");

        Thread.sleep(1500);
        Page late = callback(wc, "code=CODE-1&state=" + state);

        assertEquals(400, late.getWebResponse().getStatusCode());
        assertThat(late.getWebResponse().getContentAsString(), containsString("expired"));
        assertThat(tokenRequests(provider), hasSize(0));
        assertEquals(CredentialStatus.NOT_AUTHORIZED, state(credential).status());
        RefreshLogEntry entry = lastLogEntry(credential);
        assertFalse(entry.succeeded());
        assertEquals(RefreshTrigger.AUTHORIZATION, entry.trigger());
        assertThat(entry.message(), containsString("expired"));
    }
}
