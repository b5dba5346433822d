package io.jenkins.plugins.oauth2credentials.refresh;

import hudson.init.InitMilestone;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Removes the token state of credentials that no longer exist. Credentials are deleted through
 * the credentials UI, the CLI or configuration as code, none of which tells this plugin, so the
 * periodic refresh compares the state files with the credentials it found.
 *
 * <p>Known gap: a folder that cannot be loaded (its plugin failed to start, say) hides its
 * credentials, and their token state is then removed like that of deleted ones; an
 * authorization code credential in it must be authorized again.
 */
@Restricted(NoExternalUse.class)
final class OAuth2StateSweep {
    private static final Logger LOGGER = Logger.getLogger(OAuth2StateSweep.class.getName());

    private OAuth2StateSweep() {}

    /**
     * Forgets every key of {@code storedKeys} that no credential carries.
     *
     * @param storedKeys the keys with state, listed before the credentials were
     * @param liveKeys the state keys of every credential found
     * @return how many were removed
     */
    static int removeOrphans(TokenManager manager, Set<String> storedKeys, Set<String> liveKeys) {
        // While Jenkins starts, folders may not be loaded: their credentials would look deleted.
        if (Jenkins.get().getInitLevel() != InitMilestone.COMPLETED) {
            return 0;
        }
        int removed = 0;
        for (String key : storedKeys) {
            if (liveKeys.contains(key)) {
                continue;
            }
            try {
                manager.forget(key);
                removed++;
                LOGGER.log(Level.FINE, "Removed the token state {0} of a deleted credential", key);
            } catch (StateStoreException e) {
                LOGGER.log(Level.WARNING, "Could not remove the token state of a deleted "
                        + "credential: {0}", e.getMessage());
            }
        }
        return removed;
    }
}
