package io.jenkins.plugins.oauth2credentials.binding;

import com.cloudbees.plugins.credentials.CredentialsDescriptor;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessToken;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessTokenCredentials;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import java.io.Serial;
import java.time.Duration;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * An OAuth 2.0 credential as it may leave the controller: its ID, description, scope and one
 * access token, and nothing else. It holds no client secret, no refresh token and no state key,
 * so it cannot obtain another token; whoever receives it can use the token until it expires.
 * {@link OAuth2AccessTokenSnapshotTaker} makes it from a credential, refreshing the token first
 * when it would expire within {@link OAuth2AccessTokenBinding#DEFAULT_MIN_VALIDITY_SECONDS}.
 */
@Restricted(NoExternalUse.class)
public final class OAuth2AccessTokenSnapshotCredentials extends BaseStandardCredentials
        implements OAuth2AccessTokenCredentials {
    @Serial
    private static final long serialVersionUID = 1L;

    private final OAuth2AccessToken token;

    public OAuth2AccessTokenSnapshotCredentials(@CheckForNull CredentialsScope scope,
            @NonNull String id, @CheckForNull String description,
            @NonNull OAuth2AccessToken token) {
        super(scope, id, description);
        this.token = token;
    }

    /**
     * The token this snapshot was taken with, whatever {@code minValidity} asks: a snapshot
     * cannot refresh.
     */
    @NonNull
    @Override
    public OAuth2AccessToken getAccessToken(@NonNull Duration minValidity) {
        return token;
    }

    @NonNull
    @Override
    public Secret getSecret() {
        return token.getToken();
    }

    /** Shown as the OAuth 2.0 kind it was taken from; only meaningful on the controller. */
    @NonNull
    @Override
    public CredentialsDescriptor getDescriptor() {
        return (CredentialsDescriptor)
                Jenkins.get().getDescriptorOrDie(OAuth2AccessTokenCredentialsImpl.class);
    }

    @Override
    public String toString() {
        return "OAuth2AccessTokenSnapshotCredentials[id=" + getId() + ", " + token + "]";
    }
}
