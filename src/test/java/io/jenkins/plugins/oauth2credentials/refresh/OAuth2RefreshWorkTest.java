package io.jenkins.plugins.oauth2credentials.refresh;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.StreamTaskListener;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.impl.TokenEndpointStub;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.web.CredentialLogPage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class OAuth2RefreshWorkTest {
    private JenkinsRule j;
    private TokenEndpointStub provider;
    private ByteArrayOutputStream taskLog;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
        provider = new TokenEndpointStub();
        taskLog = new ByteArrayOutputStream();
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void runsEveryThirtyMinutesByDefault() {
        assertEquals(Duration.ofMinutes(30).toMillis(), OAuth2RefreshWork.get().getRecurrencePeriod());
        assertTrue(OAuth2RefreshWork.get().getInitialDelay() <= Duration.ofMinutes(5).toMillis());
    }

    @Test
    void concurrencyIsASystemPropertyNamedAfterTheClass() {
        assertEquals(4, OAuth2RefreshWork.concurrency());
        System.setProperty(OAuth2RefreshWork.class.getName() + ".concurrency", "2");
        try {
            assertEquals(2, OAuth2RefreshWork.concurrency());
        } finally {
            System.clearProperty(OAuth2RefreshWork.class.getName() + ".concurrency");
        }
    }

    @Test
    void refreshesSystemAndFolderCredentialsAndWritesOneSummaryLine() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl system =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("system-api"));
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        Folder nested = folder.createProject(Folder.class, "nested");
        OAuth2AccessTokenCredentialsImpl inFolder =
                TokenEndpointStub.addTo(nested, provider.clientCredentials("team-api"));

        RefreshSummary summary = run();

        assertEquals(2, summary.refreshed());
        assertEquals(0, summary.failed());
        assertEquals(2, provider.tokenRequests());
        String output = taskLog.toString(StandardCharsets.UTF_8).strip();
        assertThat(output.lines().toList(), hasSize(1));
        assertThat(output, containsString("2 refreshed, 0 failed"));
        for (OAuth2AccessTokenCredentialsImpl credential : List.of(system, inFolder)) {
            List<RefreshLogEntry> log = manager().log(credential.getStateKey());
            assertThat(log, hasSize(1));
            assertEquals(RefreshTrigger.SCHEDULE, log.get(0).trigger());
            assertTrue(log.get(0).succeeded());
            assertEquals(CredentialStatus.HEALTHY, manager().state(credential.getStateKey()).status());
        }

        // Every run asks again: the periodic task keeps every token fresh, not only the stale ones.
        run();
        assertEquals(4, provider.tokenRequests());
    }

    @Test
    void recordsFailureWithItsErrorCodeAndShowsItOnTheLogPage() throws Exception {
        provider.rejects(401, "invalid_client", "Client authentication failed");
        OAuth2AccessTokenCredentialsImpl credential =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));

        RefreshSummary summary = run();

        assertEquals(1, summary.failed());
        assertThat(taskLog.toString(StandardCharsets.UTF_8), containsString("1 failed"));
        RefreshLogEntry entry = manager().log(credential.getStateKey()).get(0);
        assertFalse(entry.succeeded());
        assertEquals("invalid_client", entry.error());
        assertEquals(401, entry.httpStatus());
        assertEquals(FailureKind.REJECTED, entry.failureKind());
        assertEquals(CredentialStatus.FAILING, manager().state(credential.getStateKey()).status());

        try (JenkinsRule.WebClient wc = j.createWebClient()) {
            HtmlPage page = wc.goTo(CredentialLogPage.pathFor(credential.getStateKey()));
            DomElement row = page.querySelector("#oauth2-refresh-log tbody tr");
            assertThat(row.<DomElement>querySelector(".oauth2-log-error").getTextContent(),
                    containsString("invalid_client"));
            assertThat(row.<DomElement>querySelector(".oauth2-log-error-description").getTextContent(),
                    containsString("Client authentication failed"));
            assertEquals("FAILING",
                    page.<DomElement>querySelector("#oauth2-status").getAttribute("data-status"));
            assertThat(page.getWebResponse().getContentAsString(),
                    not(containsString(TokenEndpointStub.CLIENT_SECRET)));
        }

        // A rejected client waits out the longest backoff instead of asking again at every run.
        run();
        assertEquals(1, provider.tokenRequests());
    }

    @Test
    void neverThrowsWhenTheProviderIsUnreachable() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        provider.close();

        RefreshSummary summary = run();

        assertEquals(1, summary.failed());
        RefreshLogEntry entry = manager().log(credential.getStateKey()).get(0);
        assertEquals(FailureKind.TRANSIENT, entry.failureKind());
        assertEquals(0, entry.httpStatus());
    }

    @Test
    void skipsAuthorizationCodeCredentialsThatWereNeverAuthorized() throws Exception {
        provider.issuesAccessAndRefreshToken();
        TokenEndpointStub.addTo(j.jenkins, provider.authorizationCode("user-api"));

        RefreshSummary summary = run();

        assertEquals(1, summary.skipped());
        assertEquals(0, provider.tokenRequests());
    }

    @Test
    void removesTheTokenStateOfADeletedCredentialOnlyOnceMissingForAPeriod() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl kept =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("kept"));
        OAuth2AccessTokenCredentialsImpl deleted =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("deleted"));
        Instant start = Instant.now();
        run(start);
        assertEquals(2, stateKeys().size());

        TokenEndpointStub.storeOf(j.jenkins).removeCredentials(Domain.global(), deleted);
        // A folder that failed to load or a disabled provider looks the same for a while.
        run(start.plus(Duration.ofMinutes(1)));
        run(start.plus(Duration.ofMinutes(20)));
        assertEquals(2, stateKeys().size(), "kept while missing for less than a period");
        assertThat(taskLog.toString(StandardCharsets.UTF_8),
                not(containsString("token state of 1 deleted credentials removed")));

        run(start.plus(Duration.ofMinutes(31)));

        assertEquals(Set.of(kept.getStateKey()), stateKeys());
        assertThat(manager().log(deleted.getStateKey()), hasSize(0));
        assertThat(taskLog.toString(StandardCharsets.UTF_8),
                containsString("token state of 1 deleted credentials removed"));
    }

    @Test
    void keepsTheTokenStateOfACredentialThatComesBackBetweenRuns() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl credential =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));
        Instant start = Instant.now();
        run(start);

        TokenEndpointStub.storeOf(j.jenkins).removeCredentials(Domain.global(), credential);
        run(start.plus(Duration.ofMinutes(1)));
        TokenEndpointStub.addTo(j.jenkins, credential);
        run(start.plus(Duration.ofMinutes(40)));
        assertEquals(Set.of(credential.getStateKey()), stateKeys());

        // Missing again: the wait starts over, it is not carried from the earlier absence.
        TokenEndpointStub.storeOf(j.jenkins).removeCredentials(Domain.global(), credential);
        run(start.plus(Duration.ofMinutes(41)));
        run(start.plus(Duration.ofMinutes(70)));
        assertEquals(Set.of(credential.getStateKey()), stateKeys());
        run(start.plus(Duration.ofMinutes(71)));
        assertEquals(Set.of(), stateKeys());
    }

    @Test
    void aStrayFileInTheStateFolderDoesNotStopTheSweep() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl deleted =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("deleted"));
        Instant start = Instant.now();
        run(start);
        // Sorts before every state key, so the sweep meets it first.
        Path stray = j.jenkins.getRootDir().toPath()
                .resolve("oauth2-credentials/state/!stray copy.state");
        Files.writeString(stray, "not a state file", StandardCharsets.UTF_8);

        TokenEndpointStub.storeOf(j.jenkins).removeCredentials(Domain.global(), deleted);
        run(start.plus(Duration.ofMinutes(1)));
        RefreshSummary summary = run(start.plus(Duration.ofMinutes(31)));

        assertThat(stateKeys(), not(hasItem(deleted.getStateKey())));
        assertTrue(Files.exists(stray), "left for an administrator to look at");
        assertEquals(0, summary.failed());
        assertThat(taskLog.toString(StandardCharsets.UTF_8),
                containsString("token state of 1 deleted credentials removed"));
    }

    @Test
    void credentialsSharingAStateKeyAreNeitherRefreshedAndBothNamedInTheLog() throws Exception {
        provider.issuesAccessToken();
        OAuth2AccessTokenCredentialsImpl original =
                TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("original-api"));
        original.getSecret();
        assertThat(manager().log(original.getStateKey()), hasSize(1));
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        // What a configuration as code entry copied with its stateKey gives.
        OAuth2AccessTokenCredentialsImpl copy = provider.clientCredentials("copied-api");
        copy.setStateKey(original.getStateKey());
        TokenEndpointStub.addTo(folder, copy);
        TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("other-api"));

        try (LogRecorder log = new LogRecorder()
                .record(OAuth2RefreshWork.class, Level.WARNING).capture(10)) {
            RefreshSummary summary = run();

            assertEquals(1, summary.refreshed(), "only the credential with a key of its own");
            assertEquals(2, summary.failed());
            assertEquals(2, provider.tokenRequests(), "the first use, then the other credential");
            assertThat(manager().log(original.getStateKey()), hasSize(1));
            assertThat(log.getMessages(), hasItem(allOf(containsString("original-api"),
                    containsString("copied-api"), containsString("team"),
                    containsString("share one state key"),
                    not(containsString(original.getStateKey())))));
        }
        // Shared, not deleted: later runs neither refresh nor sweep the state.
        run(Instant.now().plus(Duration.ofHours(1)));
        run(Instant.now().plus(Duration.ofHours(2)));
        assertThat(manager().log(original.getStateKey()), hasSize(1));
        assertThat(stateKeys(), hasItem(original.getStateKey()));
    }

    private RefreshSummary run() {
        return OAuth2RefreshWork.get().runOnce(listener());
    }

    /** A run as if it started at {@code now}: the sweep measures orphaned state with it. */
    private RefreshSummary run(Instant now) {
        return OAuth2RefreshWork.get().runOnce(listener(), now);
    }

    private StreamTaskListener listener() {
        return new StreamTaskListener(taskLog, StandardCharsets.UTF_8);
    }

    private static Set<String> stateKeys() throws Exception {
        return OAuth2TokenService.get().store().keys();
    }

    private static TokenManager manager() {
        return OAuth2TokenService.get().tokenManager();
    }
}
