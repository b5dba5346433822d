package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6749 section 2.3.1: each half form-encoded before Base64; vectors from provider case P03. */
class ClientAuthenticationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "my-client | Abcd+1234 | Basic bXktY2xpZW50OkFiY2QlMkIxMjM0",
        "1PpG/Q 1 | z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw= | Basic MVBwRyUyRlErMTp6JTJG"
            + "dFo5VndGWnFBcG1JUSUyQlpIMUk1cExrJTJGdUI0dWQlM0FYMiUyRjhiTCUyQndmRlR0MXJGdyUzRA==",
        "my-client | 'p@ss:w0rd%&=+ £' | Basic bXktY2xpZW50OnAlNDBzcyUzQXcwcmQlMjUlMjYlM0QlMkIr"
            + "JUMyJUEz"})
    void basicWhenSecretHasReservedCharactersThenEachHalfFormEncoded(String clientId, String secret,
            String expected) {
        assertEquals(expected, ClientAuthentication.basic(clientId, secret));
    }

    @Test
    void applyWhenBasicThenHeaderOnlyAndNoSecretInForm() {
        ClientConfiguration config = TestConfigs.clientCredentials().clientId("my-client")
                .clientSecret(SecretValue.of("Abcd+1234")).build();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> form = new LinkedHashMap<>();

        ClientAuthentication.apply(config, headers, form);

        assertEquals(Map.of("Authorization", "Basic bXktY2xpZW50OkFiY2QlMkIxMjM0"), headers);
        assertEquals(Map.of(), form);
    }

    @Test
    void applyWhenPostThenCredentialsInFormAndNoHeader() {
        ClientConfiguration config = TestConfigs.clientCredentials().clientId("my-client")
                .clientSecret(SecretValue.of("Abcd+1234"))
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST).build();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> form = new LinkedHashMap<>();

        ClientAuthentication.apply(config, headers, form);

        assertFalse(headers.containsKey("Authorization"));
        assertEquals("client_id=my-client&client_secret=Abcd%2B1234", FormEncoding.encode(form));
    }

    @Test
    void applyWhenPublicClientThenOnlyClientIdSent() {
        ClientConfiguration config = TestConfigs.authorizationCode().clientSecret(null)
                .authenticationMethod(ClientAuthenticationMethod.NONE).build();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> form = new LinkedHashMap<>();

        ClientAuthentication.apply(config, headers, form);

        assertEquals(Map.of(), headers);
        assertEquals(Map.of("client_id", "engine-client"), form);
    }
}
