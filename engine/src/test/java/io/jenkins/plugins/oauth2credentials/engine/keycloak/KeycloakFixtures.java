package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.GrantType;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RandomTokens;
import io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.TokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.testing.PlainTestCipher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Builds engine objects wired to the test Keycloak, through the engine's public API only. */
final class KeycloakFixtures {
    /** The Jenkins user who presses "Authorize"; not the Keycloak user who logs in. */
    static final String JENKINS_USER = "jenkins-user";

    private KeycloakFixtures() {}

    /**
     * A store over a folder; a second one over the same folder reads it as after a restart. It
     * does not encrypt, so that tests can search the stored bytes for secrets; the Jenkins layer
     * supplies a real cipher.
     */
    static FileTokenStateStore store(Path directory) {
        return new FileTokenStateStore(directory, new PlainTestCipher());
    }

    static TokenManager manager(TokenEndpointTransport transport, TokenStateStore store) {
        RefreshPolicy policy = new RefreshPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofMinutes(30));
        TokenEndpointClient client = new TokenEndpointClient(transport);
        return new TokenManager(client, store, policy, Clock.systemUTC());
    }

    static ClientConfiguration clientCredentials(KeycloakServer keycloak, String clientId,
            ClientAuthenticationMethod method, SecretValue secret) {
        return ClientConfiguration.builder()
                .clientId(clientId)
                .clientSecret(secret)
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .tokenUrl(keycloak.tokenEndpoint().toString())
                .authenticationMethod(method)
                .build();
    }

    static ClientConfiguration authorizationCode(KeycloakServer keycloak) {
        return ClientConfiguration.builder()
                .clientId(TestRealm.CLIENT_CODE)
                .clientSecret(TestRealm.secretOf(TestRealm.CLIENT_CODE))
                .grantType(GrantType.AUTHORIZATION_CODE)
                .scopes("openid profile")
                .authorizationUrl(keycloak.authorizationEndpoint().toString())
                .tokenUrl(keycloak.tokenEndpoint().toString())
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .build();
    }

    static ManagedCredential credential(String displayName, ClientConfiguration config) {
        return new ManagedCredential(RandomTokens.newStateKey(), displayName, config);
    }

    /** One authorization started by {@link #JENKINS_USER} and finished at Keycloak's login form. */
    record CompletedLogin(AuthorizationRequest request, KeycloakLoginForm.Callback callback) {}

    static CompletedLogin logIn(KeycloakServer keycloak, PendingAuthorizations pending,
            ManagedCredential credential) throws IOException, InterruptedException {
        AuthorizationRequest request = pending.begin(credential.config(), credential.stateKey(),
                JENKINS_USER, TestRealm.redirectUri());
        KeycloakLoginForm.Callback callback = new KeycloakLoginForm(keycloak)
                .logIn(request.authorizationUri(), TestRealm.userName(), TestRealm.password());
        return new CompletedLogin(request, callback);
    }

    /** The whole authorization: login, state redeemed, code exchanged and stored. */
    static TokenState authorize(KeycloakServer keycloak, TokenManager manager,
            ManagedCredential credential) throws Exception {
        PendingAuthorizations pending = new PendingAuthorizations(Clock.systemUTC());
        KeycloakLoginForm.Callback callback = logIn(keycloak, pending, credential).callback();
        AuthorizationRequest redeemed =
                pending.redeem(callback.state(), JENKINS_USER, credential.stateKey());
        return manager.completeAuthorization(credential, redeemed, SecretValue.of(callback.code()));
    }
}
