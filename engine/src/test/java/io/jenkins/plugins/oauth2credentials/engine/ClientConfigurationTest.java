package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientConfigurationTest {

    private static Set<String> fieldsOf(ClientConfiguration.Builder builder) {
        return builder.validate().stream().map(ConfigurationProblem::field).collect(Collectors.toSet());
    }

    @Test
    void buildWhenClientCredentialsCompleteThenNoProblemAndValuesKept() {
        ClientConfiguration config = TestConfigs.clientCredentials().clientId("  padded-id \n").build();

        assertEquals("padded-id", config.clientId());
        assertEquals(GrantType.CLIENT_CREDENTIALS, config.grantType());
        assertEquals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, config.authenticationMethod());
        assertEquals(List.of("read", "write"), config.scopes());
        assertEquals(TestConfigs.TOKEN_URL, config.tokenUrl().toString());
        assertNull(config.authorizationUrl());
    }

    @Test
    void buildWhenEverythingMissingThenEveryProblemNamesItsField() {
        ClientConfiguration.Builder builder = ClientConfiguration.builder().grantType(GrantType.AUTHORIZATION_CODE);

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, builder::build);

        Set<String> fields = e.problems().stream().map(ConfigurationProblem::field).collect(Collectors.toSet());
        assertEquals(Set.of(ClientConfiguration.FIELD_CLIENT_ID, ClientConfiguration.FIELD_CLIENT_SECRET,
                ClientConfiguration.FIELD_TOKEN_URL, ClientConfiguration.FIELD_AUTHORIZATION_URL), fields);
        assertEquals(e.problems().get(0).field(), e.field());
        assertEquals(e.problems().get(0).message(), e.getMessage());
        for (ConfigurationProblem problem : e.problems()) {
            assertTrue(problem.message().contains(EngineMessages.fieldLabel(problem.field()))
                    || problem.field().equals(ClientConfiguration.FIELD_CLIENT_SECRET), problem::toString);
        }
    }

    @Test
    void validateWhenClientCredentialsWithoutAuthorizationUrlThenNoProblem() {
        assertEquals(List.of(), TestConfigs.clientCredentials().authorizationUrl(null).validate());
    }

    @Test
    void validateWhenAuthorizationCodeWithoutAuthorizationUrlThenAuthorizationUrlNamed() {
        ClientConfiguration.Builder builder = TestConfigs.authorizationCode().authorizationUrl("  ");

        assertEquals(Set.of(ClientConfiguration.FIELD_AUTHORIZATION_URL), fieldsOf(builder));
    }

    @Test
    void validateWhenBasicAuthenticationWithoutSecretThenClientSecretNamed() {
        ClientConfiguration.Builder builder = TestConfigs.clientCredentials().clientSecret(null);

        List<ConfigurationProblem> problems = builder.validate();

        assertEquals(1, problems.size());
        assertEquals(ClientConfiguration.FIELD_CLIENT_SECRET, problems.get(0).field());
        assertTrue(problems.get(0).message().contains("client_secret_basic"), problems.get(0).message());
    }

    @Test
    void validateWhenPostAuthenticationWithoutSecretThenClientSecretNamed() {
        ClientConfiguration.Builder builder = TestConfigs.clientCredentials().clientSecret(null)
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);

        assertEquals(Set.of(ClientConfiguration.FIELD_CLIENT_SECRET), fieldsOf(builder));
    }

    @Test
    void validateWhenPublicAuthorizationCodeClientWithoutSecretThenNoProblem() {
        ClientConfiguration.Builder builder = TestConfigs.authorizationCode().clientSecret(null)
                .authenticationMethod(ClientAuthenticationMethod.NONE);

        assertEquals(List.of(), builder.validate());
        assertNull(builder.build().clientSecret());
    }

    @Test
    void validateWhenPublicClientRunsClientCredentialsThenAuthenticationMethodNamed() {
        ClientConfiguration.Builder builder = TestConfigs.clientCredentials().clientSecret(null)
                .authenticationMethod(ClientAuthenticationMethod.NONE);

        assertEquals(Set.of(ClientConfiguration.FIELD_AUTHENTICATION_METHOD), fieldsOf(builder));
    }

    @Test
    void validateWhenGrantTypeOrMethodMissingThenTheirFieldsNamed() {
        ClientConfiguration.Builder builder = TestConfigs.clientCredentials().grantType(null)
                .authenticationMethod(null);

        assertEquals(Set.of(ClientConfiguration.FIELD_GRANT_TYPE, ClientConfiguration.FIELD_AUTHENTICATION_METHOD),
                fieldsOf(builder));
    }

    @Test
    void validateWhenScopeSeparatorIsNeitherSpaceNorCommaThenScopeSeparatorNamed() {
        ClientConfiguration.Builder builder = TestConfigs.clientCredentials().scopeSeparator(";");

        assertEquals(Set.of(ClientConfiguration.FIELD_SCOPE_SEPARATOR), fieldsOf(builder));
    }

    @Test
    void buildWhenClientCredentialsCarriesLeftoverAuthorizationUrlThenBuildsWithoutIt() {
        // A form switched from authorization_code keeps its old text; it must neither fail the
        // build with an unnamed URI error nor be used.
        ClientConfiguration config = TestConfigs.clientCredentials().authorizationUrl("not a url").build();

        assertNull(config.authorizationUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "oauth2/token", "ftp://127.0.0.1/token", "file:///etc/passwd",
        "javascript:alert(1)", "mailto:a@example.test", "https:///token"})
    void checkEndpointWhenNotAbsoluteHttpUrlThenProblemNamesField(String url) {
        ConfigurationProblem problem = ClientConfiguration.checkEndpoint(ClientConfiguration.FIELD_TOKEN_URL, url);

        assertNotNull(problem, url);
        assertEquals(ClientConfiguration.FIELD_TOKEN_URL, problem.field());
        assertTrue(problem.message().startsWith("Token URL "), problem.message());
    }

    @Test
    void checkEndpointWhenUrlUnparseableThenProblemNamesField() {
        ConfigurationProblem problem = ClientConfiguration.checkEndpoint(
                ClientConfiguration.FIELD_AUTHORIZATION_URL, "https://as.example.test/a path");

        assertEquals(ClientConfiguration.FIELD_AUTHORIZATION_URL, problem.field());
        assertEquals(EngineMessages.format("ClientConfiguration.notUrl", "Authorization URL"), problem.message());
    }

    @Test
    void checkEndpointWhenFragmentThenRefused() {
        ConfigurationProblem problem = ClientConfiguration.checkEndpoint(
                ClientConfiguration.FIELD_TOKEN_URL, "https://as.example.test/token#part");

        assertEquals(EngineMessages.format("ClientConfiguration.fragment", "Token URL"), problem.message());
    }

    @Test
    void checkEndpointWhenUserInfoThenRefused() {
        ConfigurationProblem problem = ClientConfiguration.checkEndpoint(
                ClientConfiguration.FIELD_TOKEN_URL, "https://client:secret@as.example.test/token");

        assertEquals(ClientConfiguration.FIELD_TOKEN_URL, problem.field());
        assertEquals(EngineMessages.format("ClientConfiguration.userInfo", "Token URL"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/token", "http://LOCALHOST:8080/token", "http://127.0.0.1:9/token",
        "http://127.1.2.3/token", "http://[::1]:8080/token", "http://[0:0:0:0:0:0:0:1]/token",
        "https://as.example.test/oauth2/token?tenant=a", "HTTPS://as.example.test/token"})
    void checkEndpointWhenHttpsOrLoopbackHttpThenAccepted(String url) {
        assertNull(ClientConfiguration.checkEndpoint(ClientConfiguration.FIELD_TOKEN_URL, url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://as.example.test/token", "http://10.0.0.1/token", "http://192.168.1.20/token",
        "http://[2001:db8::1]/token", "http://localhost.as.example.test/token", "http://127.0.0.1.nip.example/token",
        "http://cafe/token", "http://bad:8080/token", "http://[::2]/token", "http://0.0.0.0/token"})
    void checkEndpointWhenHttpToOtherHostThenRefused(String url) {
        ConfigurationProblem problem = ClientConfiguration.checkEndpoint(ClientConfiguration.FIELD_TOKEN_URL, url);

        assertNotNull(problem, url);
        assertEquals(ClientConfiguration.FIELD_TOKEN_URL, problem.field());
        assertEquals(EngineMessages.format("ClientConfiguration.notHttps", "Token URL"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cafe", "bad", "dead", "beef", "add", "127", "2130706433", "127.0.0.256",
        "999.0.0.1", "127.0.0.1.example", "[::1"})
    void isLoopbackWhenNameOrMalformedLiteralThenFalse(String host) {
        // None of these is a loopback literal; a name made of hex digits must not be resolved
        // (a resolver could map it anywhere, including to loopback).
        assertFalse(ClientConfiguration.isLoopback(host));
    }

    @Test
    void buildWhenTokenUrlIsPlainHttpElsewhereThenTokenUrlNamed() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> TestConfigs.clientCredentials().tokenUrl("http://as.example.test/token").build());

        assertEquals(ClientConfiguration.FIELD_TOKEN_URL, e.field());
    }

    @Test
    void buildWhenAuthorizationUrlIsPlainHttpElsewhereThenAuthorizationUrlNamed() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> TestConfigs.authorizationCode().authorizationUrl("http://as.example.test/authorize").build());

        assertEquals(ClientConfiguration.FIELD_AUTHORIZATION_URL, e.field());
    }

    @Test
    void scopeParameterWhenCommaSeparatorThenJoinedWithCommas() {
        ClientConfiguration config = TestConfigs.clientCredentials().scopes("repo\nread:org, repo")
                .scopeSeparator(",").build();

        assertEquals("repo,read:org", config.scopeParameter());
    }

    @Test
    void scopeParameterWhenNoScopesThenNull() {
        assertNull(TestConfigs.clientCredentials().scopes(" \n ").build().scopeParameter());
    }

    @Test
    void fingerprintWhenSameConfigurationBuiltTwiceThenEqual() {
        assertEquals(TestConfigs.clientCredentials().build().fingerprint(),
                TestConfigs.clientCredentials().build().fingerprint());
    }

    @Test
    void fingerprintWhenSecretChangesThenChanges() {
        String before = TestConfigs.clientCredentials().build().fingerprint();

        String after = TestConfigs.clientCredentials().clientSecret(SecretValue.of("engine-secret2")).build()
                .fingerprint();

        assertNotEquals(before, after);
    }

    @Test
    void fingerprintWhenClientIdChangesThenChanges() {
        assertNotEquals(TestConfigs.clientCredentials().build().fingerprint(),
                TestConfigs.clientCredentials().clientId("other-client").build().fingerprint());
    }

    @Test
    void fingerprintWhenTokenUrlChangesThenChanges() {
        assertNotEquals(TestConfigs.clientCredentials().build().fingerprint(),
                TestConfigs.clientCredentials().tokenUrl("http://127.0.0.1:9/other/token").build().fingerprint());
    }

    @Test
    void fingerprintWhenOnlyAuthorizationSideChangesThenUnchanged() {
        // The authorization endpoint and its parameters do not decide which tokens are issued.
        ClientConfiguration before = TestConfigs.authorizationCode().build();

        ClientConfiguration after = TestConfigs.authorizationCode()
                .authorizationUrl("http://localhost:9/other/authorize")
                .authorizationParameters(Map.of("prompt", "consent"))
                .clientId(" engine-client ")
                .build();

        assertEquals(before.fingerprint(), after.fingerprint());
    }

    @Test
    void fingerprintWhenTokenParametersGivenInAnotherOrderThenUnchanged() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            forward.put("p" + i, "v" + i);
            backward.put("p" + (7 - i), "v" + (7 - i));
        }

        assertEquals(TestConfigs.clientCredentials().tokenParameters(forward).build().fingerprint(),
                TestConfigs.clientCredentials().tokenParameters(backward).build().fingerprint());
    }

    @Test
    void fingerprintWhenComputedInAnotherJvmThenSame() throws Exception {
        // The fingerprint is stored with the state and compared after a restart, so it must not
        // depend on per-JVM hash seeds (Map.copyOf iterates in a randomized order).
        String here = FingerprintProbe.configuration().fingerprint();
        List<String> elsewhere = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            elsewhere.add(fingerprintInNewJvm());
        }

        assertEquals(List.of(here, here, here), elsewhere);
    }

    private static String fingerprintInNewJvm() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FingerprintProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        String output;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = reader.lines().collect(Collectors.joining("\n"));
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "probe JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        return output.strip();
    }

    @Test
    void toStringWhenSecretSetThenSecretAbsent() {
        String secret = "Zq7-very+secret/value";
        ClientConfiguration config = TestConfigs.authorizationCode().clientSecret(SecretValue.of(secret)).build();

        String text = config.toString();

        assertFalse(text.contains(secret), text);
        assertFalse(text.contains(FormEncoding.encode(secret)), text);
        assertTrue(text.contains("engine-client"), text);
        assertFalse(config.clientSecret().toString().contains(secret));
    }
}
