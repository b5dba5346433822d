package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A client secret with characters that end a form value ({@code &}, {@code #}) is redacted as a
 * whole when a provider quotes it, not only up to its first such character.
 */
class RedactionKnownSecretTest {
    private static final String SECRET = "Xy7&Kq9#LmP2vR8sT";

    private static TokenEndpointException failureFor(TransportResponse answer) {
        ScriptedTransport transport = new ScriptedTransport().then(answer);
        ClientConfiguration config = TestConfigs.clientCredentials()
                .clientSecret(SecretValue.of(SECRET))
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .build();
        return assertThrows(TokenEndpointException.class,
                () -> new TokenEndpointClient(transport).clientCredentials(config));
    }

    @Test
    void clientCredentialsWhenErrorPageEchoesEncodedFormThenNoPartOfSecret() {
        String page = "<html><body><h1>400 Bad Request</h1><p>grant_type=client_credentials"
                + "&client_id=engine-client&client_secret=" + FormEncoding.encode(SECRET)
                + "</p></body></html>";

        TokenEndpointException e =
                failureFor(new TransportResponse(400, "text/html", null, null, page));

        assertFalse(e.getMessage().contains("LmP2vR8sT"), e.getMessage());
        assertFalse(e.bodyExcerpt().contains("LmP2vR8sT"), e.bodyExcerpt());
    }

    @Test
    void clientCredentialsWhenDescriptionQuotesSecretThenNoPartOfSecret() {
        TokenEndpointException e = failureFor(ScriptedTransport.json(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"client_secret=" + SECRET
                        + " does not match\"}"));

        assertFalse(e.getMessage().contains("LmP2vR8sT"), e.getMessage());
        String description = e.oauthError().description();
        assertFalse(description.contains("LmP2vR8sT"), description);
    }

    @Test
    void providerTextWhenDescriptionQuotesCodeWithSeparatorsThenNoPartOfIt() {
        String code = "c0de&part#TwoOfTheCode";

        String safe =
                new ProviderText("state-value", code).description("code=" + code + " was used");

        assertFalse(safe.contains("TwoOfTheCode"), safe);
    }
}
