package io.jenkins.plugins.oauth2credentials.casc;

import static io.jenkins.plugins.oauth2credentials.binding.TokenEndpoint.tokenOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.casc.CredentialsRootConfigurator;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.casc.model.Mapping;
import io.jenkins.plugins.casc.model.Sequence;
import io.jenkins.plugins.oauth2credentials.binding.TokenEndpoint;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ConfigurationAsCodeTest {
    private static final String SERVICE_SECRET = "casc-planted-service-secret-6f02";
    private static final String USER_SECRET = "casc-planted-user-secret-91d4";
    private static final String USER_STATE_KEY = "casc-user-api-state-0001";
    private static final String SERVICE_TOKEN = "casc-service-access-token-2b7c";
    private static final String USER_TOKEN = "casc-user-access-token-d410";
    private static final String USER_REFRESH_TOKEN = "casc-user-refresh-token-8e35";

    @TempDir
    Path folder;

    private JenkinsRule j;
    private TokenEndpoint endpoint;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        endpoint = new TokenEndpoint();
        endpoint.issues("client_credentials", SERVICE_TOKEN, 3600, null);
        endpoint.issues("authorization_code", USER_TOKEN, 3600, USER_REFRESH_TOKEN);
    }

    @AfterEach
    void tearDown() {
        endpoint.close();
    }

    @Test
    void importReadsEveryFieldAndKeepsSecretsEncrypted() throws Exception {
        apply(resourceYaml());

        OAuth2AccessTokenCredentialsImpl service = find("casc-service-api");
        assertEquals("casc-service-client", service.getClientId());
        assertEquals(SERVICE_SECRET, service.getClientSecret().getPlainText());
        assertEquals("client_credentials", service.getGrantType());
        assertEquals("client_secret_post", service.getClientAuthenticationMethod());
        assertEquals("read write", service.getScopes());
        assertEquals(endpoint.tokenUrl(), service.getTokenUrl());
        assertThat(service.getTokenParameters(), containsString("audience=https://api.example.com"));
        assertEquals("Service API, client credentials", service.getDescription());

        OAuth2AccessTokenCredentialsImpl user = find("casc-user-api");
        assertTrue(user.isAuthorizationCode());
        assertEquals(endpoint.authorizationUrl(), user.getAuthorizationUrl());
        assertThat(user.getAuthorizationParameters(), containsString("prompt=consent"));
        assertEquals(USER_STATE_KEY, user.getStateKey());

        Path credentialsXml = j.jenkins.getRootDir().toPath().resolve("credentials.xml");
        String stored = Files.readString(credentialsXml);
        assertThat(stored, not(containsString(SERVICE_SECRET)));
        assertThat(stored, not(containsString(USER_SECRET)));
    }

    @Test
    void exportCarriesEncryptedSecretsAndStateKeysButNoTokens() throws Exception {
        apply(resourceYaml());
        OAuth2AccessTokenCredentialsImpl service = find("casc-service-api");
        assertEquals(SERVICE_TOKEN, tokenOf(service, Duration.ZERO));
        TokenEndpoint.authorize(find("casc-user-api"));

        Mapping exportedService = exportedCredential("casc-service-api");
        String encrypted = exportedService.getScalarValue("clientSecret");
        assertThat(encrypted, startsWith("{"));
        assertEquals(SERVICE_SECRET, Secret.decrypt(encrypted).getPlainText());
        assertEquals(service.getStateKey(), exportedService.getScalarValue("stateKey"));
        assertEquals(USER_STATE_KEY, exportedCredential("casc-user-api").getScalarValue("stateKey"));

        // The whole export, as Manage Jenkins offers it: no token and no secret in clear text.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationAsCode.get().export(out);
        String everything = out.toString(StandardCharsets.UTF_8);
        assertThat(everything, containsString("casc-service-client"));
        for (String secret : List.of(SERVICE_TOKEN, USER_TOKEN, USER_REFRESH_TOKEN, SERVICE_SECRET,
                USER_SECRET)) {
            assertThat(everything, not(containsString(secret)));
        }
    }

    @Test
    void reimportingTheExportKeepsTheTokens() throws Exception {
        apply(resourceYaml());
        OAuth2AccessTokenCredentialsImpl service = find("casc-service-api");
        service.getAccessToken(Duration.ZERO);
        TokenEndpoint.authorize(find("casc-user-api"));

        Mapping root = new Mapping();
        root.put("credentials", credentialsNode());
        apply(Util.toYamlString(root));

        OAuth2AccessTokenCredentialsImpl reimported = find("casc-service-api");
        assertNotSame(service, reimported);
        assertEquals(service.getStateKey(), reimported.getStateKey());
        assertEquals(SERVICE_SECRET, reimported.getClientSecret().getPlainText());
        assertEquals(SERVICE_TOKEN, tokenOf(reimported, Duration.ofMinutes(5)));
        assertEquals(USER_TOKEN, tokenOf(find("casc-user-api"), Duration.ofMinutes(5)));
        assertEquals(1, endpoint.requests("client_credentials"));
        assertEquals(1, endpoint.requests("authorization_code"));
        assertEquals(0, endpoint.requests("refresh_token"));
    }

    @Test
    void reapplyingTheSameYamlKeepsAnAuthorizedCredentialAuthorized() throws Exception {
        apply(resourceYaml());
        TokenEndpoint.authorize(find("casc-user-api"));

        apply(resourceYaml());

        OAuth2AccessTokenCredentialsImpl user = find("casc-user-api");
        assertEquals(USER_STATE_KEY, user.getStateKey());
        assertEquals(USER_TOKEN, tokenOf(user, Duration.ofMinutes(5)));
        assertEquals(1, endpoint.requests("authorization_code"));
    }

    @Test
    void invalidStateKeyStopsTheImportNamingTheField() throws Exception {
        String yaml = resourceYaml().replace(USER_STATE_KEY, "../not-a-state-key");

        Exception e = assertThrows(Exception.class, () -> apply(yaml));

        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertThat(messages.toString(), containsString("stateKey"));
    }

    private String resourceYaml() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("oauth2-credentials.yaml")) {
            assertNotNull(in);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@TOKEN_URL@", endpoint.tokenUrl())
                    .replace("@AUTHORIZATION_URL@", endpoint.authorizationUrl());
        }
    }

    private void apply(String yaml) throws Exception {
        Path file = Files.createTempFile(folder, "jenkins", ".yaml");
        Files.writeString(file, yaml);
        ConfigurationAsCode.get().configure(file.toString());
    }

    private OAuth2AccessTokenCredentialsImpl find(String id) {
        return CredentialsProvider.lookupCredentialsInItemGroup(
                        OAuth2AccessTokenCredentialsImpl.class, j.jenkins, ACL.SYSTEM2, List.of())
                .stream()
                .filter(c -> c.getId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no credential " + id));
    }

    private static CNode credentialsNode() throws Exception {
        CredentialsRootConfigurator root =
                ExtensionList.lookupSingleton(CredentialsRootConfigurator.class);
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        return root.describe(root.getTargetComponent(context), context);
    }

    private static Mapping exportedCredential(String id) throws Exception {
        Mapping system = credentialsNode().asMapping().get("system").asMapping();
        Sequence credentials = system.get("domainCredentials").asSequence().get(0).asMapping()
                .get("credentials").asSequence();
        for (CNode entry : credentials) {
            Mapping oauth2 = entry.asMapping().get("oauth2").asMapping();
            if (id.equals(oauth2.getScalarValue("id"))) {
                return oauth2;
            }
        }
        throw new AssertionError("no exported credential " + id);
    }
}
