package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to refresh and how long to wait after a failure.
 *
 * <p>Two clocks on a token: it is <em>stale</em> when it expires within {@link #skew()} (it is
 * then refreshed on use) and <em>expired</em> when its expiry has passed (it is then never
 * served). After a transient failure the next automatic attempt waits an exponentially growing,
 * jittered delay; after a rejection it waits the longest delay, so a misconfigured client never
 * runs a hot retry loop. A provider's {@code Retry-After} lengthens either delay, up to twice the
 * longest delay.
 *
 * <p>Tunables, each a system property prefixed with this class's name:
 * {@code .skewSeconds} (60), {@code .backoffBaseSeconds} (30), {@code .backoffMaxSeconds} (1800).
 *
 * @param skew how long before expiry a token counts as stale
 * @param backoffBase the first delay after a transient failure
 * @param backoffMax the longest delay, also used after a rejection
 */
public record RefreshPolicy(Duration skew, Duration backoffBase, Duration backoffMax) {
    /**
     * A provider's {@code Retry-After} is honoured up to this many times {@link #backoffMax()}: a
     * provider asking for days must not silence a credential that long.
     */
    static final int RETRY_AFTER_CAP_FACTOR = 2;

    /** The policy configured by system properties. */
    public static RefreshPolicy fromSystemProperties() {
        return new RefreshPolicy(Tunables.seconds(RefreshPolicy.class, "skewSeconds", 60, 0),
                Tunables.seconds(RefreshPolicy.class, "backoffBaseSeconds", 30, 1),
                Tunables.seconds(RefreshPolicy.class, "backoffMaxSeconds", 1800, 1));
    }

    /**
     * When the next automatic attempt may run after a failure.
     *
     * @param failures consecutive failures, this one included (at least 1)
     * @param retryAfter what the provider asked for, or null
     */
    Instant nextAttempt(Instant now, FailureKind kind, int failures, Duration retryAfter) {
        Duration delay;
        if (kind == FailureKind.TRANSIENT) {
            int doublings = Math.min(Math.max(failures - 1, 0), 20);
            long base = backoffBase.toMillis() << doublings;
            long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, backoffMax.toMillis());
            // +-20% jitter so that many credentials failing together do not retry together;
            // capped again, so that the maximum stays the longest delay.
            double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
            delay = Duration.ofMillis(Math.min((long) (capped * jitter), backoffMax.toMillis()));
        } else {
            delay = backoffMax;
        }
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            Duration longest = backoffMax.multipliedBy(RETRY_AFTER_CAP_FACTOR);
            delay = retryAfter.compareTo(longest) > 0 ? longest : retryAfter;
        }
        return now.plus(delay);
    }
}
