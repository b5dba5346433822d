package io.jenkins.plugins.oauth2credentials.engine;

/**
 * Client configurations for tests. Every endpoint is on loopback: the scripted transport never
 * opens a socket, and nothing here could reach another host if one did.
 */
final class TestConfigs {
    static final String TOKEN_URL = "http://127.0.0.1:9/oauth2/token";
    static final String AUTHORIZATION_URL = "http://127.0.0.1:9/oauth2/authorize";
    static final String REDIRECT_URI = "http://127.0.0.1:8080/jenkins/oauth2/callback";

    private TestConfigs() {}

    static ClientConfiguration.Builder clientCredentials() {
        return ClientConfiguration.builder()
                .clientId("engine-client")
                .clientSecret(SecretValue.of("engine-secret"))
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .tokenUrl(TOKEN_URL)
                .scopes("read write");
    }

    static ClientConfiguration.Builder authorizationCode() {
        return clientCredentials()
                .grantType(GrantType.AUTHORIZATION_CODE)
                .authorizationUrl(AUTHORIZATION_URL);
    }
}
