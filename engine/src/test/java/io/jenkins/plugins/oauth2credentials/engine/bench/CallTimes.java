package io.jenkins.plugins.oauth2credentials.engine.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Adds up how long calls take, from many threads at once, so that the timing wrappers around a
 * store and a transport only have to time their calls.
 */
final class CallTimes {
    private final LongAdder nanos = new LongAdder();
    private final LongAdder calls = new LongAdder();

    /** Counts one call that began at this {@link System#nanoTime()} and has just ended. */
    void add(long startNanos) {
        nanos.add(System.nanoTime() - startNanos);
        calls.increment();
    }

    /** Mean milliseconds per call since the last reset. */
    double meanMillis() {
        long count = calls.sum();
        return count == 0 ? 0 : nanos.sum() / 1e6 / count;
    }

    void reset() {
        nanos.reset();
        calls.reset();
    }
}
