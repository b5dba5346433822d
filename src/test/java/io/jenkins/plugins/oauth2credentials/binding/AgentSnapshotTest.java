package io.jenkins.plugins.oauth2credentials.binding;

import static io.jenkins.plugins.oauth2credentials.binding.TokenEndpoint.store;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessTokenCredentials;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import jenkins.security.MasterToSlaveCallable;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class AgentSnapshotTest {
    private static final String TOKEN = "agent-access-token-71c0d3";
    private static final String REFRESH_TOKEN = "planted-refresh-token-e5a9f2";

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
    void snapshotSerializedAsForRemotingCarriesTheAccessTokenOnly() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 3600, REFRESH_TOKEN);
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.clientCredentials("api"));

        // What a plugin does before it hands a credential to an agent, asking for the general type.
        StandardCredentials snapshot = snapshot(credential);
        byte[] bytes = serialize(snapshot);
        String wire = new String(bytes, StandardCharsets.ISO_8859_1);

        assertThat(wire, containsString(TOKEN));
        assertThat(wire, not(containsString(TokenEndpoint.CLIENT_SECRET)));
        assertThat(wire, not(containsString(REFRESH_TOKEN)));
        assertThat(wire, not(containsString(credential.getStateKey())));
        assertThat(wire, not(containsString(TokenEndpoint.CLIENT_ID)));
        assertThat(wire, not(containsString(endpoint.tokenUrl())));

        Object received = deserialize(bytes);
        assertThat(received, instanceOf(OAuth2AccessTokenSnapshotCredentials.class));
        OAuth2AccessTokenCredentials copy = (OAuth2AccessTokenCredentials) received;
        assertEquals("api", copy.getId());
        assertEquals(credential.getDescription(), copy.getDescription());
        assertEquals(CredentialsScope.GLOBAL, copy.getScope());
        assertEquals(TOKEN, copy.getSecret().getPlainText());
        assertEquals("Bearer", copy.getAccessToken(Duration.ZERO).getTokenType());
    }

    @Test
    void snapshotAsStringCredentialsIsTheSameSafeCopy() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 3600, REFRESH_TOKEN);
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.clientCredentials("api"));

        StringCredentials snapshot =
                CredentialsProvider.snapshot(StringCredentials.class, credential);

        assertThat(snapshot, instanceOf(OAuth2AccessTokenSnapshotCredentials.class));
        assertEquals(TOKEN, snapshot.getSecret().getPlainText());
        assertSame(snapshot, CredentialsProvider.snapshot(StringCredentials.class, snapshot));
    }

    @Test
    void snapshotRefreshesATokenCloseToExpiry() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.clientCredentials("api"));
        endpoint.issues("client_credentials", "short-lived-token-44e1", 120, null);
        credential.getAccessToken(Duration.ZERO);
        endpoint.issues("client_credentials", TOKEN, 3600, null);

        StandardCredentials snapshot = snapshot(credential);

        assertEquals(TOKEN, ((StringCredentials) snapshot).getSecret().getPlainText());
        assertEquals(2, endpoint.requests("client_credentials"));
    }

    @Test
    void snapshotOfCredentialWithoutTokenFailsNamingIt() throws Exception {
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.authorizationCode("user-api"));

        IllegalStateException failure =
                assertThrows(IllegalStateException.class, () -> snapshot(credential));

        assertThat(failure.getMessage(), containsString("user-api"));
        assertThat(failure.getMessage(), not(containsString(TokenEndpoint.CLIENT_SECRET)));
    }

    @Test
    void agentReceivesOnlyTheSnapshotOverRemoting() throws Exception {
        endpoint.issues("client_credentials", TOKEN, 3600, REFRESH_TOKEN);
        OAuth2AccessTokenCredentialsImpl credential = store(endpoint.clientCredentials("api"));
        DumbSlave agent = j.createOnlineSlave();

        String seen = agent.getChannel().call(new Inspect(snapshot(credential)));

        String expected = OAuth2AccessTokenSnapshotCredentials.class.getName() + " api " + TOKEN;
        assertThat(seen, is(expected));
    }

    /** Runs on the agent: reports the class it received and the token it can read there. */
    private static final class Inspect extends MasterToSlaveCallable<String, RuntimeException> {
        private static final long serialVersionUID = 1L;

        private final StandardCredentials credentials;

        Inspect(StandardCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public String call() {
            return credentials.getClass().getName() + " " + credentials.getId() + " "
                    + ((StringCredentials) credentials).getSecret().getPlainText();
        }
    }

    private static StandardCredentials snapshot(StandardCredentials credential) {
        return CredentialsProvider.snapshot(StandardCredentials.class, credential);
    }

    private static byte[] serialize(Object object) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(object);
        }
        return buffer.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
