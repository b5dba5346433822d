package io.jenkins.plugins.oauth2credentials.binding;

import com.cloudbees.plugins.credentials.CredentialsSnapshotTaker;
import hudson.Extension;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessToken;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessTokenCredentials;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * What the credentials API sends to an agent in place of an OAuth 2.0 credential
 * ({@code CredentialsProvider.snapshot}): the current access token only, in an
 * {@link OAuth2AccessTokenSnapshotCredentials}. The client secret, the refresh token and the
 * state key stay on the controller. The token is refreshed first when it would expire within
 * the default minimum validity, as for a binding.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class OAuth2AccessTokenSnapshotTaker
        extends CredentialsSnapshotTaker<OAuth2AccessTokenCredentials> {
    private static final Logger LOGGER =
            Logger.getLogger(OAuth2AccessTokenSnapshotTaker.class.getName());
    private static final Duration MIN_VALIDITY =
            Duration.ofSeconds(OAuth2AccessTokenBinding.DEFAULT_MIN_VALIDITY_SECONDS);

    @Override
    public Class<OAuth2AccessTokenCredentials> type() {
        return OAuth2AccessTokenCredentials.class;
    }

    /**
     * @throws IllegalStateException naming the credential and what to do, when it has no valid
     *     token; this extension point cannot throw a checked exception
     */
    @Override
    public OAuth2AccessTokenCredentials snapshot(OAuth2AccessTokenCredentials credentials) {
        if (credentials instanceof OAuth2AccessTokenSnapshotCredentials) {
            return credentials;
        }
        OAuth2AccessToken token;
        try {
            token = credentials.getAccessToken(MIN_VALIDITY);
        } catch (TokenUnavailableException e) {
            LOGGER.log(Level.FINE, "No access token to snapshot for credential {0} ({1})",
                    new Object[] {credentials.getId(), e.status()});
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new OAuth2AccessTokenSnapshotCredentials(credentials.getScope(), credentials.getId(),
                credentials.getDescription(), token);
    }
}
