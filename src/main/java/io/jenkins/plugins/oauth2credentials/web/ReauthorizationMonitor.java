package io.jenkins.plugins.oauth2credentials.web;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.model.AdministrativeMonitor;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureSummary;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2CredentialsIndex;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * Tells administrators which OAuth 2.0 credentials Jenkins has stopped refreshing: those the
 * provider no longer accepts ({@code invalid_grant} and the like), so that someone presses
 * "Re-authorize" on their log pages, and those that share their state key with another
 * credential (a copied configuration), which the periodic refresh leaves alone. Without this
 * notice they would stay broken until a build fails. Clears itself once they are healthy again.
 *
 * <p>Jenkins asks every administrator's page whether the monitor is active, and answering means
 * reading every credential store, so the answer is reused for a while: system property
 * {@code io.jenkins.plugins.oauth2credentials.web.ReauthorizationMonitor.cacheSeconds}
 * (default 60). A successful authorization refreshes it at once.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class ReauthorizationMonitor extends AdministrativeMonitor {
    private static final Logger LOGGER = Logger.getLogger(ReauthorizationMonitor.class.getName());

    /** How long a scan of the stores is reused; not final so that tests can shorten it. */
    static volatile Duration cacheFor = Duration.ofSeconds(Math.max(0L, SystemProperties.getLong(
            ReauthorizationMonitor.class.getName() + ".cacheSeconds", 60L)));

    private volatile Snapshot snapshot;

    @Override
    public String getDisplayName() {
        return Messages.ReauthorizationMonitor_displayName();
    }

    @Override
    public boolean isActivated() {
        return !current().entries().isEmpty();
    }

    /** The credentials that need attention and that the current user may see, by name. */
    public List<Entry> getCredentials() {
        Authentication user = Jenkins.getAuthentication2();
        return current().entries().stream().filter(entry -> entry.stored.canView(user)).toList();
    }

    /** Forgets the last scan, so that the next page shows the current state. */
    public static void invalidate() {
        ReauthorizationMonitor monitor = ExtensionList.lookup(AdministrativeMonitor.class)
                .get(ReauthorizationMonitor.class);
        if (monitor != null) {
            monitor.snapshot = null;
        }
    }

    private Snapshot current() {
        long now = System.nanoTime();
        Snapshot last = snapshot;
        if (last != null && now - last.takenAt() < cacheFor.toNanos()) {
            return last;
        }
        Snapshot fresh = new Snapshot(now, scan());
        snapshot = fresh;
        return fresh;
    }

    /** Reads every store as the system: the result is shared by all administrators. */
    private static List<Entry> scan() {
        List<Entry> found = new ArrayList<>();
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            TokenManager manager = OAuth2TokenService.get().tokenManager();
            List<StoredCredential> all = OAuth2CredentialsIndex.all();
            Set<String> shared = OAuth2CredentialsIndex.sharedStateKeys(all).keySet();
            for (StoredCredential stored : all) {
                try {
                    String key = stored.credential().getStateKey();
                    if (shared.contains(key)) {
                        found.add(new Entry(stored, null, true));
                        continue;
                    }
                    TokenState state = manager.state(key);
                    if (state.status() == CredentialStatus.NEEDS_REAUTHORIZATION) {
                        found.add(new Entry(stored, state.lastFailure(), false));
                    }
                } catch (StateStoreException | RuntimeException e) {
                    // One unreadable credential must not hide the others or break every page.
                    LOGGER.log(Level.FINE, "Could not read the token state of credential {0}: {1}",
                            new Object[] {stored.displayName(), e.getMessage()});
                }
            }
        }
        found.sort(Comparator.comparing(Entry::getDisplayName));
        return List.copyOf(found);
    }

    private record Snapshot(long takenAt, List<Entry> entries) {}

    /** One credential that needs attention, as the monitor's message shows it. */
    public static final class Entry {
        private final StoredCredential stored;
        private final FailureSummary failure;
        private final boolean sharedStateKey;

        Entry(StoredCredential stored, @CheckForNull FailureSummary failure,
                boolean sharedStateKey) {
            this.stored = stored;
            this.failure = failure;
            this.sharedStateKey = sharedStateKey;
        }

        /** Whether another credential carries the same state key, so that neither is refreshed. */
        public boolean isSharedStateKey() {
            return sharedStateKey;
        }

        public String getStateKey() {
            return stored.credential().getStateKey();
        }

        /** The store's context and the credential ID. */
        public String getDisplayName() {
            return stored.displayName();
        }

        /** The log page below the Jenkins root, where the Re-authorize button is. */
        public String getLogPagePath() {
            return CredentialLogPage.pathFor(getStateKey());
        }

        /** The OAuth error that revoked the grant, such as {@code invalid_grant}; or null. */
        @CheckForNull
        public String getError() {
            return failure == null ? null : failure.error();
        }

        /** How long ago the provider refused, such as "3 hr 5 min"; or null when unknown. */
        @CheckForNull
        public String getTimeSinceFailure() {
            if (failure == null || failure.time() == null) {
                return null;
            }
            Instant now = OAuth2TokenService.get().clock().instant();
            long millis = Duration.between(failure.time(), now).toMillis();
            return Util.getTimeSpanString(Math.max(0, millis));
        }
    }
}
