package io.jenkins.plugins.oauth2credentials.impl;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.security.ACL;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper;
import org.jenkinsci.plugins.credentialsbinding.impl.StringBinding;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The credential is secret text to every existing consumer: its secret is the current access token. */
@WithJenkins
class SecretTextUsageTest {
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
    void lookupAsStringCredentialsGivesTheAccessToken() throws Exception {
        TokenEndpointStub.addTo(j.jenkins, provider.clientCredentials("api"));

        List<StringCredentials> found =
                CredentialsProvider.lookupCredentialsInItemGroup(StringCredentials.class, j.jenkins,
                        ACL.SYSTEM2);
        StringCredentials api = CredentialsMatchers.firstOrNull(found, CredentialsMatchers.withId("api"));

        assertEquals(TokenEndpointStub.ACCESS_TOKEN, api.getSecret().getPlainText());
        assertEquals(1, provider.tokenRequests());
        assertEquals(TokenEndpointStub.ACCESS_TOKEN, api.getSecret().getPlainText());
        assertEquals(1, provider.tokenRequests(), "a fresh token is served without asking again");
    }

    @Test
    void freestyleStringBindingGetsTheTokenMaskedInTheLog() throws Exception {
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        TokenEndpointStub.addTo(folder, provider.clientCredentials("team-api"));
        FreeStyleProject job = folder.createProject(FreeStyleProject.class, "deploy");
        job.getBuildWrappersList().add(
                new SecretBuildWrapper(List.of(new StringBinding("API_TOKEN", "team-api"))));
        job.getBuildersList().add(new PrintVariable("API_TOKEN"));

        FreeStyleBuild build = j.buildAndAssertSuccess(job);

        assertEquals(TokenEndpointStub.ACCESS_TOKEN, PrintVariable.SEEN.get());
        j.assertLogContains("API_TOKEN=****", build);
        assertThat(JenkinsRule.getLog(build), not(containsString(TokenEndpointStub.ACCESS_TOKEN)));
        assertThat(CredentialsProvider.lookupCredentialsInItem(StringCredentials.class, job, ACL.SYSTEM2)
                .stream().map(StringCredentials::getId).toList(), hasItem("team-api"));
    }

    /** Prints a variable to the build log (where the binding masks it) and keeps the value it saw. */
    private static final class PrintVariable extends TestBuilder {
        static final AtomicReference<String> SEEN = new AtomicReference<>();
        private final String variable;

        PrintVariable(String variable) {
            this.variable = variable;
        }

        @Override
        public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                throws InterruptedException, IOException {
            String value = build.getEnvironment(listener).get(variable);
            SEEN.set(value);
            listener.getLogger().println(variable + "=" + value);
            return true;
        }
    }
}
