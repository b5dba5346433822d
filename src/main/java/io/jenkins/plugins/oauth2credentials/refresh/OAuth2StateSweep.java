package io.jenkins.plugins.oauth2credentials.refresh;

import hudson.init.InitMilestone;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
 * <p>A credential can also look deleted for a while: its folder failed to load, or its
 * credentials provider was disabled. So a state file is removed only once it has had no
 * credential at consecutive runs spanning at least one refresh period. What was seen is kept in
 * memory only: after a restart the wait starts over, which delays a removal but never hastens it.
 *
 * <p>Known gap: a folder that stays unloadable for longer than that (its plugin was removed,
 * say) still loses the token state of its credentials; an authorization code credential in it
 * must then be authorized again.
 */
@Restricted(NoExternalUse.class)
final class OAuth2StateSweep {
    private static final Logger LOGGER = Logger.getLogger(OAuth2StateSweep.class.getName());

    private final Duration minimumAge;
    /** Each key without a credential at the last run, with the run it was first seen so at. */
    private Map<String, Instant> orphanedSince = Map.of();

    /**
     * @param minimumAge how long a state file must have had no credential, over consecutive
     *     runs, before it is removed: the refresh period
     */
    OAuth2StateSweep(Duration minimumAge) {
        this.minimumAge = minimumAge;
    }

    /**
     * Notes every key of {@code storedKeys} that no credential carries, and forgets those that
     * have had none since a run at least {@link #minimumAge} before {@code now}.
     *
     * @param storedKeys the keys with state, listed before the credentials were
     * @param liveKeys the state keys of every credential found
     * @param now the start of this run
     * @return how many were removed
     */
    synchronized int removeOrphans(TokenManager manager, Set<String> storedKeys,
            Set<String> liveKeys, Instant now) {
        // While Jenkins starts, folders may not be loaded: their credentials would look deleted.
        if (Jenkins.get().getInitLevel() != InitMilestone.COMPLETED) {
            return 0;
        }
        Map<String, Instant> stillOrphaned = new HashMap<>();
        int removed = 0;
        for (String key : storedKeys) {
            if (liveKeys.contains(key)) {
                continue;
            }
            Instant since = orphanedSince.getOrDefault(key, now);
            if (Duration.between(since, now).compareTo(minimumAge) < 0) {
                stillOrphaned.put(key, since);
                continue;
            }
            try {
                manager.forget(key);
                removed++;
                LOGGER.log(Level.FINE, "Removed the token state {0} of a deleted credential", key);
            } catch (StateStoreException | RuntimeException e) {
                // A stray file in the state folder must not stop the sweep of the others.
                LOGGER.log(Level.WARNING, "Could not remove the token state of a deleted "
                        + "credential: {0}", e.getMessage());
                stillOrphaned.put(key, since);
            }
        }
        orphanedSince = stillOrphaned;
        return removed;
    }
}
