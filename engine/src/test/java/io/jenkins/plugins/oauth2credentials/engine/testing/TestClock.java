package io.jenkins.plugins.oauth2credentials.engine.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when a test moves it, so that expiry, skew and backoff are exact.
 * Safe to read and move from many threads. The engine only reads instants, so asking for
 * another zone is an error rather than something a test could come to depend on.
 */
public final class TestClock extends Clock {
    /** Where a clock made without a start begins. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-15T10:00:00Z");

    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public TestClock() {
        this(DEFAULT_START);
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the engine only reads instants");
    }
}
