package io.jenkins.plugins.oauth2credentials.impl;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.domains.Domain;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.web.CredentialLogPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Tokens, status and refresh log survive a restart in the token store, not in credentials.xml. */
class TokenStateRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private TokenEndpointStub provider;

    @BeforeEach
    void setUp() {
        provider = new TokenEndpointStub().issuesAccessToken();
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void tokenStateAndLogSurviveRestart() throws Throwable {
        String[] stateKey = new String[1];
        sessions.then(j -> {
            OAuth2AccessTokenCredentialsImpl credential =
                    TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
            stateKey[0] = credential.getStateKey();
            assertEquals(TokenEndpointStub.ACCESS_TOKEN, credential.getSecret().getPlainText());
            assertEquals(1, provider.tokenRequests());
        });

        sessions.then(j -> {
            OAuth2AccessTokenCredentialsImpl credential = TokenEndpointStub.storeOf(j.jenkins)
                    .getCredentials(Domain.global()).stream()
                    .filter(OAuth2AccessTokenCredentialsImpl.class::isInstance)
                    .map(OAuth2AccessTokenCredentialsImpl.class::cast)
                    .findFirst().orElseThrow();
            assertEquals(stateKey[0], credential.getStateKey());

            TokenState state = OAuth2TokenService.get().tokenManager().state(stateKey[0]);
            assertEquals(CredentialStatus.HEALTHY, state.status());
            assertEquals(TokenEndpointStub.ACCESS_TOKEN, credential.getSecret().getPlainText());
            assertEquals(1, provider.tokenRequests(), "the stored token is served; no new request");

            List<RefreshLogEntry> log = OAuth2TokenService.get().tokenManager().log(stateKey[0]);
            assertThat(log, hasSize(1));
            assertEquals(RefreshTrigger.USE, log.get(0).trigger());

            try (JenkinsRule.WebClient wc = j.createWebClient()) {
                HtmlPage page = wc.goTo(CredentialLogPage.pathFor(stateKey[0]));
                assertEquals(1, page.querySelectorAll("#oauth2-refresh-log tbody tr").size());
                assertThat(page.getWebResponse().getContentAsString(),
                        not(containsString(TokenEndpointStub.ACCESS_TOKEN)));
            }

            Path home = j.jenkins.getRootDir().toPath();
            String credentialsXml = Files.readString(home.resolve("credentials.xml"), StandardCharsets.UTF_8);
            assertThat(credentialsXml, not(containsString(TokenEndpointStub.ACCESS_TOKEN)));
            assertThat(credentialsXml, not(containsString(TokenEndpointStub.CLIENT_SECRET)));
            assertThat(everyFileUnder(home),
                    not(containsString(TokenEndpointStub.ACCESS_TOKEN)));
        });
    }

    /** Every file under the folder as text, to prove that a value is written nowhere in clear. */
    private static String everyFileUnder(Path root) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            Path plugins = root.resolve("plugins");
            List<Path> regular = files.filter(f -> !f.startsWith(plugins)).filter(Files::isRegularFile).toList();
            for (Path file : regular) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }
}
