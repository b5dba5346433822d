package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;

/**
 * The outcome of one "refresh all that are due" run, for the periodic task's one-line log.
 *
 * @param refreshed credentials that obtained a new token
 * @param failed credentials whose request failed (and which will be retried)
 * @param needsReauthorization credentials that need an administrator to authorize again
 * @param skipped credentials not called this time: not yet authorized, backing off, or with nothing to refresh
 * @param duration how long the run took
 */
public record RefreshSummary(int refreshed, int failed, int needsReauthorization, int skipped, Duration duration) {
    @Override
    public String toString() {
        return "refreshed " + refreshed + ", failed " + failed + ", needing re-authorization " + needsReauthorization
                + ", skipped " + skipped + " in " + duration.toMillis() + " ms";
    }
}
