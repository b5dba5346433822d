package io.jenkins.plugins.oauth2credentials.binding;

import static io.jenkins.plugins.oauth2credentials.binding.TokenEndpoint.store;
import static io.jenkins.plugins.oauth2credentials.binding.TokenEndpoint.tokenOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Result;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class OAuth2AccessTokenBindingTest {
    private static final String TOKEN = "pipeline-access-token-9d2f61";
    private static final String FRESH_TOKEN = "refreshed-access-token-3a8e07";
    private static final String REFRESH_TOKEN = "planted-refresh-token-0b6d";
    private static final String BLOCK_RAN = "the block must not run";

    private JenkinsRule j;
    private TokenEndpoint endpoint;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        endpoint = new TokenEndpoint();
    }

    @AfterEach
    void tearDown() {
        endpoint.close();
    }

    @Test
    void pipelineBindsTokenMaskedAndTypeAndExpiryAsPlainValues() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 3600, null);
        store(endpoint.clientCredentials("api"));

        WorkflowRun run = runPipeline("""
                withCredentials([oauth2AccessToken(credentialsId: 'api', variable: 'TOKEN',
                        tokenTypeVariable: 'TOKEN_TYPE', expiresAtVariable: 'EXPIRES')]) {
                    if (env.TOKEN != '%s') {
                        error 'the bound value is not the access token'
                    }
                    node {
                        if (isUnix()) {
                            sh 'echo "token=$TOKEN type=$TOKEN_TYPE expires=$EXPIRES"'
                        } else {
                            bat 'echo token=%%TOKEN%% type=%%TOKEN_TYPE%% expires=%%EXPIRES%%'
                        }
                    }
                }
                """.formatted(TOKEN), Result.SUCCESS);

        j.assertLogContains("token=**** type=Bearer expires=20", run);
        j.assertLogContains("OAuth 2.0 credential 'api': bound an access token valid until 20", run);
        j.assertLogNotContains(TOKEN, run);
        j.assertLogNotContains(TokenEndpoint.CLIENT_SECRET, run);
        assertEquals(1, endpoint.requests("client_credentials"));
    }

    @Test
    void staleTokenIsRefreshedBeforeBinding() throws Exception {
        // Two minutes left: past the engine's one-minute skew, short of the binding's five minutes.
        endpoint.issues("client_credentials", TOKEN, 120, null);
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.clientCredentials("api"));
        assertEquals(TOKEN, tokenOf(credential, Duration.ZERO));
        endpoint.issues("client_credentials", FRESH_TOKEN, 3600, null);

        WorkflowRun run = runPipeline(
                expectToken("oauth2AccessToken(credentialsId: 'api', variable: 'TOKEN')", FRESH_TOKEN),
                Result.SUCCESS);

        j.assertLogNotContains(TOKEN, run);
        j.assertLogNotContains(FRESH_TOKEN, run);
        assertEquals(2, endpoint.requests("client_credentials"));
    }

    @Test
    void minimumValidityIsSetPerBinding() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 120, null);
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.clientCredentials("api"));
        tokenOf(credential, Duration.ZERO);
        endpoint.issues("client_credentials", FRESH_TOKEN, 3600, null);

        // Two minutes left satisfy a binding that asks for one: the token is used as it is.
        runPipeline(expectToken("oauth2AccessToken(credentialsId: 'api', variable: 'TOKEN', "
                + "minValiditySeconds: 60)", TOKEN), Result.SUCCESS);
        assertEquals(1, endpoint.requests("client_credentials"));

        // Ten minutes asked for: the same token is refreshed first.
        runPipeline(expectToken("oauth2AccessToken(credentialsId: 'api', variable: 'TOKEN', "
                + "minValiditySeconds: 600)", FRESH_TOKEN), Result.SUCCESS);
        assertEquals(2, endpoint.requests("client_credentials"));
    }

    @Test
    void credentialNeverAuthorizedFailsTheBuildWithWhatToDo() throws Exception {
        store(endpoint.authorizationCode("user-api"));

        WorkflowRun run = runPipeline(blockOf("user-api"), Result.FAILURE);

        j.assertLogContains("Cannot bind an access token of OAuth 2.0 credential 'user-api'", run);
        j.assertLogContains("has not been authorized yet", run);
        j.assertLogContains("Authorize", run);
        j.assertLogNotContains(BLOCK_RAN, run);
        assertNoStackTrace(run);
        assertEquals(0, endpoint.requests("authorization_code"));
        assertEquals(0, endpoint.requests("refresh_token"));
    }

    @Test
    void revokedGrantFailsTheBuildAskingForReauthorization() throws Exception {
        endpoint.issues("authorization_code", TOKEN, 1, REFRESH_TOKEN);
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.authorizationCode("user-api"));
        TokenEndpoint.authorize(credential);
        endpoint.revokesRefreshTokens();
        TokenEndpoint.awaitExpiry(credential);

        WorkflowRun run = runPipeline(blockOf("user-api"), Result.FAILURE);

        j.assertLogContains("Cannot bind an access token of OAuth 2.0 credential 'user-api'", run);
        j.assertLogContains("must be re-authorized", run);
        j.assertLogContains("invalid_grant", run);
        j.assertLogNotContains(BLOCK_RAN, run);
        j.assertLogNotContains(TOKEN, run);
        j.assertLogNotContains(REFRESH_TOKEN, run);
        assertNoStackTrace(run);
        assertEquals(1, endpoint.requests("refresh_token"));
    }

    @Test
    void stringBindingReadsTheAccessTokenToo() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 3600, null);
        store(endpoint.clientCredentials("api"));

        WorkflowRun run = runPipeline(
                expectToken("string(credentialsId: 'api', variable: 'TOKEN')", TOKEN),
                Result.SUCCESS);

        j.assertLogContains("bound: ****", run);
        j.assertLogNotContains(TOKEN, run);
    }

    @Test
    void sameVariableTwiceIsRejectedBeforeAnyTokenRequest() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 3600, null);
        store(endpoint.clientCredentials("api"));

        WorkflowRun run = runPipeline("""
                withCredentials([oauth2AccessToken(credentialsId: 'api', variable: 'TOKEN',
                        tokenTypeVariable: 'TOKEN')]) {
                    echo '%s'
                }
                """.formatted(BLOCK_RAN), Result.FAILURE);

        j.assertLogContains("must have different names", run);
        j.assertLogNotContains(BLOCK_RAN, run);
        assertEquals(0, endpoint.requests("client_credentials"));
    }

    @Test
    void freestyleFormRoundTripsAndBindsMaskedToken() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 3600, null);
        store(endpoint.clientCredentials("api"));
        FreeStyleProject project = j.createFreeStyleProject();
        OAuth2AccessTokenBinding binding = new OAuth2AccessTokenBinding("TOKEN", "api");
        binding.setTokenTypeVariable("TOKEN_TYPE");
        binding.setMinValiditySeconds(900);
        project.getBuildWrappersList().add(new SecretBuildWrapper(List.<MultiBinding<?>>of(binding)));

        j.configRoundtrip((Item) project);
        SecretBuildWrapper wrapper = project.getBuildWrappersList().get(SecretBuildWrapper.class);
        assertThat(wrapper.getBindings(), contains(instanceOf(OAuth2AccessTokenBinding.class)));
        j.assertEqualDataBoundBeans(binding, wrapper.getBindings().get(0));

        // Added after the round trip: a test builder has no form.
        project.getBuildersList().add(new PrintingBuilder());
        FreeStyleBuild build = j.buildAndAssertSuccess(project);

        assertEquals(TOKEN, PrintingBuilder.SEEN.get());
        j.assertLogContains("token=**** type=Bearer", build);
        j.assertLogNotContains(TOKEN, build);
        assertThat(build.getSensitiveBuildVariables(), contains("TOKEN"));
    }

    @Test
    void pipelineArgumentsBindToTheBinding() throws Exception {
        DescribableModel<OAuth2AccessTokenBinding> model =
                DescribableModel.of(OAuth2AccessTokenBinding.class);
        OAuth2AccessTokenBinding binding = model.instantiate(Map.of("credentialsId", "api",
                "variable", "TOKEN", "expiresAtVariable", "EXPIRES", "minValiditySeconds", 120), null);

        assertEquals("EXPIRES", binding.getExpiresAtVariable());
        assertEquals(120, binding.getMinValiditySeconds());
        OAuth2AccessTokenBinding plain = new OAuth2AccessTokenBinding("TOKEN", "api");
        assertEquals(300, plain.getMinValiditySeconds());
        assertThat(model.uninstantiate2(plain).toString(), not(containsString("minValiditySeconds")));
        assertThrows(IllegalArgumentException.class, () -> binding.setMinValiditySeconds(-1));
        assertThat(j.jenkins.getDescriptorByType(OAuth2AccessTokenBinding.DescriptorImpl.class)
                .getDisplayName(), is("OAuth 2.0 access token"));
    }

    private WorkflowRun runPipeline(String script, Result expected) throws Exception {
        String name = "p" + j.jenkins.getItems().size();
        WorkflowJob job = j.jenkins.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return j.buildAndAssertStatus(expected, job);
    }

    /** A pipeline that fails unless the binding delivers exactly {@code expected}. */
    private static String expectToken(String binding, String expected) {
        return """
                withCredentials([%s]) {
                    if (env.TOKEN != '%s') {
                        error 'the bound value is not the expected access token'
                    }
                    echo "bound: ${env.TOKEN}"
                }
                """.formatted(binding, expected);
    }

    /** A pipeline whose block must never run because the binding fails. */
    private static String blockOf(String credentialsId) {
        return """
                withCredentials([oauth2AccessToken(credentialsId: '%s', variable: 'TOKEN')]) {
                    echo '%s'
                }
                """.formatted(credentialsId, BLOCK_RAN);
    }

    private static void assertNoStackTrace(WorkflowRun run) throws IOException {
        String log = JenkinsRule.getLog(run);
        assertThat(log, not(containsString("TokenUnavailableException")));
        assertThat(log, not(containsString("\tat ")));
    }

    /** Records the token variable it sees and prints it, so the log shows whether it is masked. */
    private static final class PrintingBuilder extends TestBuilder {
        static final AtomicReference<String> SEEN = new AtomicReference<>();

        @Override
        public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                throws InterruptedException, IOException {
            EnvVars env = build.getEnvironment(listener);
            SEEN.set(env.get("TOKEN"));
            listener.getLogger().println("token=" + env.get("TOKEN") + " type=" + env.get("TOKEN_TYPE"));
            return true;
        }
    }
}
