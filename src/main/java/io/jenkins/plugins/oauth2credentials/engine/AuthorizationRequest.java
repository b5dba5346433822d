package io.jenkins.plugins.oauth2credentials.engine;

import java.net.URI;
import java.time.Instant;

/**
 * One authorization started by a user for a credential: the state sent to the provider, the
 * PKCE verifier kept back for the code exchange, and the redirect URI that must be sent again
 * byte for byte. Its {@link #toString()} shows neither the state nor the verifier.
 *
 * @param state the {@code state} parameter, single use
 * @param codeVerifier the PKCE verifier
 * @param redirectUri the redirect URI sent in the authorization request
 * @param credentialKey the state key of the credential being authorized
 * @param userName the user who started it
 * @param createdAt when it started
 * @param expiresAt after this the callback is rejected
 * @param authorizationUri where to send the user's browser
 * @param clientFingerprint {@link ClientConfiguration#fingerprint()} of the client that started it:
 *     the code is only exchanged by the same client identity; null when not bound
 */
public record AuthorizationRequest(SecretValue state, SecretValue codeVerifier, String redirectUri,
        String credentialKey, String userName, Instant createdAt, Instant expiresAt, URI authorizationUri,
        String clientFingerprint) {

    /** A request that is not bound to a client configuration (its client is not checked at the callback). */
    public AuthorizationRequest(SecretValue state, SecretValue codeVerifier, String redirectUri, String credentialKey,
            String userName, Instant createdAt, Instant expiresAt, URI authorizationUri) {
        this(state, codeVerifier, redirectUri, credentialKey, userName, createdAt, expiresAt, authorizationUri, null);
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[credentialKey=" + credentialKey + ", userName=" + userName
                + ", redirectUri=" + redirectUri + ", expiresAt=" + expiresAt + "]";
    }
}
