package io.jenkins.plugins.oauth2credentials.impl;

import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2CredentialsIndex;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;

/**
 * Fetches a client credentials credential's token soon after the credential form is submitted,
 * in the background, so that the log page shows at once whether the provider accepts the
 * client; a failure is recorded there like any other. It acts on the credential as stored by
 * then, found by its state key: a submission the store refused (a duplicate ID, a concurrent
 * edit) fetches nothing.
 */
final class FirstTokenOnSave {
    private static final Logger LOGGER = Logger.getLogger(FirstTokenOnSave.class.getName());
    /** Time for the store to save the submitted credential, which happens after form binding. */
    private static final long DELAY_SECONDS = 2;

    private FirstTokenOnSave() {}

    static void fetch(String stateKey) {
        Timer.get().schedule(() -> run(stateKey), DELAY_SECONDS, TimeUnit.SECONDS);
    }

    private static void run(String stateKey) {
        StoredCredential stored;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            stored = OAuth2CredentialsIndex.byStateKey(stateKey).orElse(null);
        }
        if (stored == null || stored.credential().isAuthorizationCode()) {
            return;
        }
        try {
            OAuth2TokenService.get().tokenManager()
                    .refresh(stored.credential().toManagedCredential(), RefreshTrigger.SAVE);
        } catch (TokenEndpointException | StateStoreException | RuntimeException e) {
            // Recorded in the credential's refresh log, which is where an administrator looks.
            LOGGER.log(Level.FINE, "First token of credential {0} not fetched: {1}",
                    new Object[] {stored.credential().getId(), e.getMessage()});
        }
    }
}
