package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * Client configurations for tests. Every endpoint is on loopback: the scripted transport never
 * opens a socket, and nothing here could reach another host if one did.
 */
final class TestConfigs {
    static final String TOKEN_URL = "http://127.0.0.1:9/oauth2/token";
    static final String AUTHORIZATION_URL = "http://127.0.0.1:9/oauth2/authorize";
    static final String REDIRECT_URI = "http://127.0.0.1:8080/jenkins/oauth2/callback";

    /** The production defaults: 60 s skew, 30 s first backoff, 30 min longest. */
    static final RefreshPolicy POLICY =
            new RefreshPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(30));

    private TestConfigs() {}

    /** A token manager over a scripted endpoint and an in-memory store, with {@link #POLICY}. */
    static TokenManager manager(ScriptedTransport transport, TokenStateStore store, Clock clock) {
        return new TokenManager(new TokenEndpointClient(transport), store, POLICY, clock);
    }

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
