package io.jenkins.plugins.oauth2credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * An access token as builds receive it: the token itself, its type and its expiry. Holds no
 * refresh token and nothing of the client, so it is safe to send to an agent.
 */
public final class OAuth2AccessToken implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Secret token;
    private final String tokenType;
    private final Instant expiresAt;

    public OAuth2AccessToken(@NonNull Secret token, @NonNull String tokenType, @CheckForNull Instant expiresAt) {
        this.token = token;
        this.tokenType = tokenType;
        this.expiresAt = expiresAt;
    }

    /** The access token. */
    @NonNull
    public Secret getToken() {
        return token;
    }

    /** {@code Bearer} unless the provider named another type. */
    @NonNull
    public String getTokenType() {
        return tokenType;
    }

    /** When the token expires, or null when the provider did not say. */
    @CheckForNull
    public Instant getExpiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "OAuth2AccessToken[tokenType=" + tokenType + ", expiresAt=" + expiresAt + "]";
    }
}
