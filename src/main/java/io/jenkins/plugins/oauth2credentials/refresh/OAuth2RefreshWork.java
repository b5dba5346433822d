package io.jenkins.plugins.oauth2credentials.refresh;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2CredentialsIndex;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The periodic refresh: every 30 minutes, a new access token for every OAuth 2.0 credential in
 * every store (system and folders) that is due, a few at a time. Each attempt is recorded in
 * its credential's refresh log by the engine; this task writes one summary line per run to its
 * task log ({@code $JENKINS_HOME/logs/tasks/OAuth 2.0 credentials refresh.log}) and then removes
 * the token state of deleted credentials.
 *
 * <p>Tunables, system properties named after this class:
 * <ul>
 *   <li>{@code io.jenkins.plugins.oauth2credentials.refresh.OAuth2RefreshWork.recurrenceMinutes}
 *       (30): minutes between runs; read once at startup.
 *   <li>{@code io.jenkins.plugins.oauth2credentials.refresh.OAuth2RefreshWork.concurrency} (4):
 *       token requests in flight at once; read at every run.
 * </ul>
 */
@Extension
@Restricted(NoExternalUse.class)
public final class OAuth2RefreshWork extends AsyncPeriodicWork {
    private static final Logger LOGGER = Logger.getLogger(OAuth2RefreshWork.class.getName());
    static final String RECURRENCE_PROPERTY =
            OAuth2RefreshWork.class.getName() + ".recurrenceMinutes";
    static final String CONCURRENCY_PROPERTY = OAuth2RefreshWork.class.getName() + ".concurrency";
    /** Jenkins has settled by then; a first run sooner would compete with startup. */
    private static final Duration LONGEST_INITIAL_DELAY = Duration.ofMinutes(5);

    private final Duration period;
    private final Instant firstRunAt;
    private final OAuth2StateSweep sweep;
    private volatile Instant lastRunStartedAt;

    public OAuth2RefreshWork() {
        super("OAuth 2.0 credentials refresh");
        long minutes = SystemProperties.getLong(RECURRENCE_PROPERTY, 30L);
        this.period = Duration.ofMinutes(Math.max(1, minutes));
        this.sweep = new OAuth2StateSweep(period);
        // Not the token service's clock: extensions should not look up others while being built.
        this.firstRunAt = Clock.systemUTC().instant().plusMillis(getInitialDelay());
    }

    public static OAuth2RefreshWork get() {
        return ExtensionList.lookupSingleton(OAuth2RefreshWork.class);
    }

    @Override
    public long getRecurrencePeriod() {
        return period.toMillis();
    }

    /** A fixed delay, so that the schedule (and the log page's "next refresh") is predictable. */
    @Override
    public long getInitialDelay() {
        return Math.min(getRecurrencePeriod(), LONGEST_INITIAL_DELAY.toMillis());
    }

    @Override
    protected void execute(TaskListener listener) {
        runOnce(listener);
    }

    /**
     * One run: refreshes every credential that is due, then sweeps the state of deleted ones.
     * Never throws; a failure is logged and leaves the next run to try again.
     *
     * @return what happened; a credential whose stored configuration is invalid, or that shares
     *     its state key with another, counts as failed
     */
    @NonNull
    public RefreshSummary runOnce(@NonNull TaskListener listener) {
        return runOnce(listener, clock().instant());
    }

    /** One run as if it started at {@code now}, which the sweep measures its wait with. */
    @NonNull
    RefreshSummary runOnce(@NonNull TaskListener listener, @NonNull Instant now) {
        long started = System.nanoTime();
        lastRunStartedAt = now;
        try {
            OAuth2TokenService service = OAuth2TokenService.get();
            // Listed before the credentials, so that a credential created meanwhile is never swept.
            Set<String> storedKeys = storedKeys(service);
            List<StoredCredential> all = OAuth2CredentialsIndex.all();
            Map<String, List<StoredCredential>> shared =
                    OAuth2CredentialsIndex.sharedStateKeys(all);
            shared.values().forEach(OAuth2RefreshWork::warnShared);

            Set<String> liveKeys = new HashSet<>();
            Map<String, ManagedCredential> due = new LinkedHashMap<>();
            int failedHere = 0;
            for (StoredCredential stored : all) {
                try {
                    String key = stored.credential().getStateKey();
                    liveKeys.add(key);
                    if (shared.containsKey(key)) {
                        // Whose tokens the state holds is unknown: refreshing either could hand
                        // one client's tokens to the other's users.
                        failedHere++;
                        continue;
                    }
                    due.put(key, stored.credential().toManagedCredential());
                } catch (RuntimeException e) {
                    // One broken credential (XML edited by hand) must not stop the others.
                    failedHere++;
                    LOGGER.log(Level.WARNING, "Not refreshing credential {0}: {1}",
                            new Object[] {stored.displayName(), e.getMessage()});
                }
            }

            TokenManager manager = service.tokenManager();
            RefreshSummary result = manager.refreshAllDue(due.values(), concurrency());
            int swept = sweep.removeOrphans(manager, storedKeys, liveKeys, now);
            RefreshSummary summary = new RefreshSummary(result.refreshed(),
                    result.failed() + failedHere, result.needsReauthorization(), result.skipped(),
                    elapsedSince(started));
            listener.getLogger().println(Messages.OAuth2RefreshWork_summary(due.size() + failedHere,
                    summary.refreshed(), summary.failed(), summary.needsReauthorization(),
                    summary.skipped(), swept, summary.duration().toMillis()));
            LOGGER.log(Level.FINE, "Periodic refresh: {0}; {1} state files swept",
                    new Object[] {summary, swept});
            return summary;
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "The periodic refresh of OAuth 2.0 credentials failed", e);
            listener.getLogger()
                    .println(Messages.OAuth2RefreshWork_failed(e.getClass().getSimpleName()));
            return new RefreshSummary(0, 0, 0, 0, elapsedSince(started));
        }
    }

    /**
     * When the periodic refresh next runs at or after {@code notBefore}. Runs are scheduled at a
     * fixed rate, so they fall one period apart from the first.
     */
    @NonNull
    public Instant nextRunNotBefore(@NonNull Instant notBefore) {
        Instant last = lastRunStartedAt;
        Instant next = last == null ? firstRunAt : last.plus(period);
        if (next.isBefore(notBefore)) {
            long periods = Duration.between(next, notBefore).toMillis() / period.toMillis() + 1;
            next = next.plus(period.multipliedBy(periods));
        }
        return next;
    }

    /** Names the credentials and their stores; the key itself adds nothing an admin needs. */
    private static void warnShared(List<StoredCredential> holders) {
        List<String> names = holders.stream().map(StoredCredential::displayName).toList();
        LOGGER.log(Level.WARNING, "Not refreshing OAuth 2.0 credentials {0}: they share one state "
                + "key (a copied configuration?). Delete one and create it again, or remove its "
                + "stateKey from the configuration as code", String.join(", ", names));
    }

    static int concurrency() {
        return Math.max(1, SystemProperties.getInteger(CONCURRENCY_PROPERTY, 4));
    }

    private static Set<String> storedKeys(OAuth2TokenService service) {
        try {
            return service.store().keys();
        } catch (StateStoreException e) {
            LOGGER.log(Level.WARNING, "Cannot list the token state folder; deleted credentials "
                    + "are swept at a later run: {0}", e.getMessage());
            return Set.of();
        }
    }

    private static Duration elapsedSince(long nanoStart) {
        return Duration.ofNanos(System.nanoTime() - nanoStart);
    }

    private static Clock clock() {
        return OAuth2TokenService.get().clock();
    }
}
