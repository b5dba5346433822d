package io.jenkins.plugins.oauth2credentials;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.NameWith;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import java.time.Duration;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * A credential whose secret is an OAuth 2.0 access token that Jenkins obtains and keeps fresh
 * itself. As a {@link StringCredentials}, {@link #getSecret()} is the current access token, so
 * every consumer of secret text works with it.
 */
@NameWith(OAuth2AccessTokenCredentials.NameProvider.class)
public interface OAuth2AccessTokenCredentials extends StringCredentials {

    /**
     * The current access token, refreshed first when it would expire within {@code minValidity}
     * (and the provider can be asked). A refresh that fails while the old token is still valid
     * returns the old token.
     *
     * @throws TokenUnavailableException when no valid token can be had; its message names the
     *     credential and what an administrator must do
     */
    @NonNull
    OAuth2AccessToken getAccessToken(@NonNull Duration minValidity) throws TokenUnavailableException;

    /** Names the credential by its description, or its ID when it has none. */
    class NameProvider extends CredentialsNameProvider<OAuth2AccessTokenCredentials> {
        @NonNull
        @Override
        public String getName(@NonNull OAuth2AccessTokenCredentials credentials) {
            String description = credentials.getDescription();
            return description.isBlank() ? credentials.getId() : description + " (" + credentials.getId() + ")";
        }
    }
}
