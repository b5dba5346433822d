package io.jenkins.plugins.oauth2credentials.impl;

import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;

/**
 * Fetches a client credentials credential's token as soon as the credential form is submitted,
 * in the background, so that the log page shows at once whether the provider accepts the
 * client; a failure is recorded there like any other.
 */
final class FirstTokenOnSave {
    private static final Logger LOGGER = Logger.getLogger(FirstTokenOnSave.class.getName());

    private FirstTokenOnSave() {}

    static void fetch(OAuth2AccessTokenCredentialsImpl credential) {
        Timer.get().submit(() -> {
            try {
                OAuth2TokenService.get().tokenManager()
                        .refresh(credential.toManagedCredential(), RefreshTrigger.SAVE);
            } catch (TokenEndpointException | StateStoreException | RuntimeException e) {
                // Recorded in the credential's refresh log, which is where an administrator looks.
                LOGGER.log(Level.FINE, "First token of credential {0} not fetched: {1}",
                        new Object[] {credential.getId(), e.getMessage()});
            }
        });
    }
}
