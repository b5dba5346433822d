package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration.FIELD_AUTHENTICATION_METHOD;
import static io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration.FIELD_AUTHORIZATION_URL;
import static io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration.FIELD_CLIENT_ID;
import static io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration.FIELD_CLIENT_SECRET;
import static io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration.FIELD_GRANT_TYPE;
import static io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration.FIELD_SCOPE_SEPARATOR;
import static io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration.FIELD_TOKEN_URL;
import static io.jenkins.plugins.oauth2credentials.engine.TestConfigs.authorizationCode;
import static io.jenkins.plugins.oauth2credentials.engine.TestConfigs.clientCredentials;
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

    private static Set<String> fieldsOf(List<ConfigurationProblem> problems) {
        return problems.stream().map(ConfigurationProblem::field).collect(Collectors.toSet());
    }

    private static Set<String> fieldsOf(ClientConfiguration.Builder builder) {
        return fieldsOf(builder.validate());
    }

    private static ConfigurationProblem tokenUrlProblem(String url) {
        return ClientConfiguration.checkEndpoint(FIELD_TOKEN_URL, url);
    }

    /** The message for a problem with the token URL, as an administrator reads it. */
    private static String tokenUrlMessage(String key) {
        return EngineMessages.format(key, "Token URL");
    }

    @Test
    void buildWhenClientCredentialsCompleteThenNoProblemAndValuesKept() {
        ClientConfiguration config = clientCredentials().clientId("  padded-id \n").build();

        assertEquals("padded-id", config.clientId());
        assertEquals(GrantType.CLIENT_CREDENTIALS, config.grantType());
        assertEquals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, config.authenticationMethod());
        assertEquals(List.of("read", "write"), config.scopes());
        assertEquals(TestConfigs.TOKEN_URL, config.tokenUrl().toString());
        assertNull(config.authorizationUrl());
    }

    @Test
    void buildWhenEverythingMissingThenEveryProblemNamesItsField() {
        ClientConfiguration.Builder builder =
                ClientConfiguration.builder().grantType(GrantType.AUTHORIZATION_CODE);

        InvalidConfigurationException e =
                assertThrows(InvalidConfigurationException.class, builder::build);

        assertEquals(Set.of(FIELD_CLIENT_ID, FIELD_CLIENT_SECRET, FIELD_TOKEN_URL,
                FIELD_AUTHORIZATION_URL), fieldsOf(e.problems()));
        assertEquals(e.problems().get(0).field(), e.field());
        assertEquals(e.problems().get(0).message(), e.getMessage());
        for (ConfigurationProblem problem : e.problems()) {
            String label = EngineMessages.fieldLabel(problem.field());
            assertTrue(problem.message().contains(label), problem::toString);
        }
    }

    @Test
    void validateWhenClientCredentialsWithoutAuthorizationUrlThenNoProblem() {
        assertEquals(List.of(), clientCredentials().authorizationUrl(null).validate());
    }

    @Test
    void validateWhenAuthorizationCodeWithoutAuthorizationUrlThenAuthorizationUrlNamed() {
        ClientConfiguration.Builder builder = authorizationCode().authorizationUrl("  ");

        assertEquals(Set.of(FIELD_AUTHORIZATION_URL), fieldsOf(builder));
    }

    @Test
    void validateWhenBasicAuthenticationWithoutSecretThenClientSecretNamed() {
        ClientConfiguration.Builder builder = clientCredentials().clientSecret(null);

        List<ConfigurationProblem> problems = builder.validate();

        assertEquals(1, problems.size());
        assertEquals(FIELD_CLIENT_SECRET, problems.get(0).field());
        String message = problems.get(0).message();
        assertTrue(message.contains("client_secret_basic"), message);
    }

    @Test
    void validateWhenPostAuthenticationWithoutSecretThenClientSecretNamed() {
        ClientConfiguration.Builder builder = clientCredentials().clientSecret(null)
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);

        assertEquals(Set.of(FIELD_CLIENT_SECRET), fieldsOf(builder));
    }

    @Test
    void validateWhenPublicAuthorizationCodeClientWithoutSecretThenNoProblem() {
        ClientConfiguration.Builder builder = authorizationCode().clientSecret(null)
                .authenticationMethod(ClientAuthenticationMethod.NONE);

        assertEquals(List.of(), builder.validate());
        assertNull(builder.build().clientSecret());
    }

    @Test
    void validateWhenPublicClientRunsClientCredentialsThenAuthenticationMethodNamed() {
        ClientConfiguration.Builder builder = clientCredentials().clientSecret(null)
                .authenticationMethod(ClientAuthenticationMethod.NONE);

        assertEquals(Set.of(FIELD_AUTHENTICATION_METHOD), fieldsOf(builder));
    }

    @Test
    void validateWhenGrantTypeOrMethodMissingThenTheirFieldsNamed() {
        ClientConfiguration.Builder builder = clientCredentials().grantType(null)
                .authenticationMethod(null);

        assertEquals(Set.of(FIELD_GRANT_TYPE, FIELD_AUTHENTICATION_METHOD), fieldsOf(builder));
    }

    @Test
    void validateWhenScopeSeparatorIsNeitherSpaceNorCommaThenScopeSeparatorNamed() {
        ClientConfiguration.Builder builder = clientCredentials().scopeSeparator(";");

        assertEquals(Set.of(FIELD_SCOPE_SEPARATOR), fieldsOf(builder));
    }

    @Test
    void buildWhenClientCredentialsCarriesLeftoverAuthorizationUrlThenBuildsWithoutIt() {
        // A form switched from authorization_code keeps its old text; it must neither fail the
        // build with an unnamed URI error nor be used.
        ClientConfiguration config = clientCredentials().authorizationUrl("not a url").build();

        assertNull(config.authorizationUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "oauth2/token", "ftp://127.0.0.1/token",
        "file:///etc/passwd", "javascript:alert(1)", "mailto:a@example.test", "https:///token"})
    void checkEndpointWhenNotAbsoluteHttpUrlThenProblemNamesField(String url) {
        ConfigurationProblem problem = tokenUrlProblem(url);

        assertNotNull(problem, url);
        assertEquals(FIELD_TOKEN_URL, problem.field());
        assertTrue(problem.message().startsWith("Token URL "), problem.message());
    }

    @Test
    void checkEndpointWhenUrlUnparseableThenProblemNamesField() {
        ConfigurationProblem problem = ClientConfiguration.checkEndpoint(
                FIELD_AUTHORIZATION_URL, "https://as.example.test/a path");

        assertEquals(FIELD_AUTHORIZATION_URL, problem.field());
        assertEquals(EngineMessages.format("ClientConfiguration.notUrl", "Authorization URL"),
                problem.message());
    }

    @Test
    void checkEndpointWhenFragmentThenRefused() {
        ConfigurationProblem problem = tokenUrlProblem("https://as.example.test/token#part");

        assertEquals(tokenUrlMessage("ClientConfiguration.fragment"), problem.message());
    }

    @Test
    void checkEndpointWhenUserInfoThenRefused() {
        ConfigurationProblem problem =
                tokenUrlProblem("https://client:secret@as.example.test/token");

        assertEquals(FIELD_TOKEN_URL, problem.field());
        assertEquals(tokenUrlMessage("ClientConfiguration.userInfo"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/token", "http://LOCALHOST:8080/token",
        "http://127.0.0.1:9/token", "http://127.1.2.3/token", "http://[::1]:8080/token",
        "http://[0:0:0:0:0:0:0:1]/token", "https://as.example.test/oauth2/token?tenant=a",
        "HTTPS://as.example.test/token"})
    void checkEndpointWhenHttpsOrLoopbackHttpThenAccepted(String url) {
        assertNull(tokenUrlProblem(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://as.example.test/token", "http://10.0.0.1/token",
        "http://192.168.1.20/token", "http://[2001:db8::1]/token",
        "http://localhost.as.example.test/token", "http://127.0.0.1.nip.example/token",
        "http://cafe/token", "http://bad:8080/token", "http://[::2]/token", "http://0.0.0.0/token"})
    void checkEndpointWhenHttpToOtherHostThenRefused(String url) {
        ConfigurationProblem problem = tokenUrlProblem(url);

        assertNotNull(problem, url);
        assertEquals(FIELD_TOKEN_URL, problem.field());
        assertEquals(tokenUrlMessage("ClientConfiguration.notHttps"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cafe", "bad", "dead", "beef", "add", "127", "2130706433",
        "127.0.0.256", "999.0.0.1", "127.0.0.1.example", "[::1"})
    void isLoopbackWhenNameOrMalformedLiteralThenFalse(String host) {
        // None of these is a loopback literal; a name made of hex digits must not be resolved
        // (a resolver could map it anywhere, including to loopback).
        assertFalse(ClientConfiguration.isLoopback(host));
    }

    @Test
    void buildWhenTokenUrlIsPlainHttpElsewhereThenTokenUrlNamed() {
        ClientConfiguration.Builder builder =
                clientCredentials().tokenUrl("http://as.example.test/token");

        InvalidConfigurationException e =
                assertThrows(InvalidConfigurationException.class, builder::build);

        assertEquals(FIELD_TOKEN_URL, e.field());
    }

    @Test
    void buildWhenAuthorizationUrlIsPlainHttpElsewhereThenAuthorizationUrlNamed() {
        ClientConfiguration.Builder builder =
                authorizationCode().authorizationUrl("http://as.example.test/authorize");

        InvalidConfigurationException e =
                assertThrows(InvalidConfigurationException.class, builder::build);

        assertEquals(FIELD_AUTHORIZATION_URL, e.field());
    }

    @Test
    void scopeParameterWhenCommaSeparatorThenJoinedWithCommas() {
        ClientConfiguration config = clientCredentials().scopes("repo\nread:org, repo")
                .scopeSeparator(",").build();

        assertEquals("repo,read:org", config.scopeParameter());
    }

    @Test
    void scopeParameterWhenNoScopesThenNull() {
        assertNull(clientCredentials().scopes(" \n ").build().scopeParameter());
    }

    @Test
    void fingerprintWhenSameConfigurationBuiltTwiceThenEqual() {
        assertEquals(clientCredentials().build().fingerprint(),
                clientCredentials().build().fingerprint());
    }

    @Test
    void fingerprintWhenSecretChangesThenChanges() {
        String before = clientCredentials().build().fingerprint();

        String after = clientCredentials().clientSecret(SecretValue.of("engine-secret2"))
                .build().fingerprint();

        assertNotEquals(before, after);
    }

    @Test
    void fingerprintWhenClientIdChangesThenChanges() {
        assertNotEquals(clientCredentials().build().fingerprint(),
                clientCredentials().clientId("other-client").build().fingerprint());
    }

    @Test
    void fingerprintWhenTokenUrlChangesThenChanges() {
        assertNotEquals(clientCredentials().build().fingerprint(),
                clientCredentials().tokenUrl("http://127.0.0.1:9/other").build().fingerprint());
    }

    @Test
    void fingerprintWhenOnlyAuthorizationSideChangesThenUnchanged() {
        // The authorization endpoint and its parameters do not decide which tokens are issued.
        ClientConfiguration before = authorizationCode().build();

        ClientConfiguration after = authorizationCode()
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

        assertEquals(clientCredentials().tokenParameters(forward).build().fingerprint(),
                clientCredentials().tokenParameters(backward).build().fingerprint());
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
        Process process = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), FingerprintProbe.class.getName())
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
        ClientConfiguration config =
                authorizationCode().clientSecret(SecretValue.of(secret)).build();

        String text = config.toString();

        assertFalse(text.contains(secret), text);
        assertFalse(text.contains(FormEncoding.encode(secret)), text);
        assertTrue(text.contains("engine-client"), text);
        assertFalse(config.clientSecret().toString().contains(secret));
    }
}
