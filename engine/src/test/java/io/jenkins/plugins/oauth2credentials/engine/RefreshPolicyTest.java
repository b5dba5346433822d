package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {
    private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");
    private static final Duration MAX = Duration.ofSeconds(1800);
    private static final RefreshPolicy POLICY =
            new RefreshPolicy(Duration.ofSeconds(60), Duration.ofSeconds(30), MAX);

    private static Duration delay(FailureKind kind, int failures, Duration retryAfter) {
        return Duration.between(NOW, POLICY.nextAttempt(NOW, kind, failures, retryAfter));
    }

    @Test
    void nextAttemptWhenTransientThenExponentialWithJitterWithinTwentyPercent() {
        for (int failures = 1; failures <= 6; failures++) {
            long expected = Math.min(30_000L << (failures - 1), 1_800_000L);
            for (int sample = 0; sample < 50; sample++) {
                long millis = delay(FailureKind.TRANSIENT, failures, null).toMillis();
                assertTrue(millis >= expected * 8 / 10 && millis <= expected * 12 / 10,
                        failures + " failures: " + millis + " ms, expected about " + expected);
            }
        }
    }

    @Test
    void nextAttemptWhenTransientThenJitterSpreadsAttempts() {
        Set<Duration> delays = new HashSet<>();
        for (int sample = 0; sample < 20; sample++) {
            delays.add(delay(FailureKind.TRANSIENT, 1, null));
        }

        assertTrue(delays.size() > 1, "all 20 delays were " + delays);
    }

    @Test
    void nextAttemptWhenManyFailuresThenNeverBeyondMaximum() {
        for (int failures : new int[] {7, 10, 21, 64, 1000, Integer.MAX_VALUE}) {
            for (int sample = 0; sample < 50; sample++) {
                Duration delay = delay(FailureKind.TRANSIENT, failures, null);
                String what = failures + " failures: " + delay;
                assertTrue(delay.compareTo(MAX) <= 0, what);
                assertTrue(delay.compareTo(Duration.ofSeconds(1440)) >= 0, what);
            }
        }
    }

    @Test
    void nextAttemptWhenRejectedOrNeedsReauthorizationThenLongestDelay() {
        assertEquals(MAX, delay(FailureKind.REJECTED, 1, null));
        assertEquals(MAX, delay(FailureKind.NEEDS_REAUTHORIZATION, 1, null));
    }

    @Test
    void nextAttemptWhenRetryAfterLongerThanBackoffThenHonoured() {
        Duration tenMinutes = Duration.ofMinutes(10);
        Duration fiftyMinutes = Duration.ofMinutes(50);

        assertEquals(tenMinutes, delay(FailureKind.TRANSIENT, 1, tenMinutes));
        assertEquals(fiftyMinutes, delay(FailureKind.REJECTED, 1, fiftyMinutes));
    }

    @Test
    void nextAttemptWhenRetryAfterShorterThanBackoffThenBackoffKept() {
        Duration delay = delay(FailureKind.TRANSIENT, 3, Duration.ofSeconds(5));

        assertTrue(delay.compareTo(Duration.ofSeconds(96)) >= 0, delay::toString);
    }

    @Test
    void nextAttemptWhenRetryAfterAbsurdThenCappedAtTwiceMaximum() {
        assertEquals(MAX.multipliedBy(2), delay(FailureKind.TRANSIENT, 1, Duration.ofDays(365)));
    }

    @Test
    void fromSystemPropertiesWhenUnsetThenDocumentedDefaults() {
        RefreshPolicy policy = RefreshPolicy.fromSystemProperties();

        assertEquals(Duration.ofSeconds(60), policy.skew());
        assertEquals(Duration.ofSeconds(30), policy.backoffBase());
        assertEquals(MAX, policy.backoffMax());
    }
}
