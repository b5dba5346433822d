package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs "refresh if due" over many credentials, a bounded number at a time, and counts the
 * outcomes for the periodic task's summary.
 */
final class BulkRefresh {
    private static final Logger LOGGER = Logger.getLogger(BulkRefresh.class.getName());

    /** What one credential's turn came to. */
    enum Outcome { REFRESHED, FAILED, NEEDS_REAUTHORIZATION, SKIPPED }

    private BulkRefresh() {}

    /**
     * Calls {@code refreshIfDue} for every credential on at most {@code concurrency} threads and
     * waits for all of them. One credential's failure never stops the others.
     */
    static RefreshSummary run(Collection<ManagedCredential> credentials, int concurrency,
            Function<ManagedCredential, Outcome> refreshIfDue) {
        long started = System.nanoTime();
        AtomicInteger[] counts = new AtomicInteger[Outcome.values().length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new AtomicInteger();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), new RefreshThreads());
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (ManagedCredential credential : credentials) {
                tasks.add(pool.submit(() -> counts[refreshIfDue.apply(credential).ordinal()].incrementAndGet()));
            }
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    // An Error from one credential (a LinkageError, say): it counts as failed,
                    // and the others still run.
                    counts[Outcome.FAILED.ordinal()].incrementAndGet();
                    LOGGER.log(Level.WARNING, "Unexpected failure in the periodic refresh",
                            e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return new RefreshSummary(counts[Outcome.REFRESHED.ordinal()].get(),
                counts[Outcome.FAILED.ordinal()].get(), counts[Outcome.NEEDS_REAUTHORIZATION.ordinal()].get(),
                counts[Outcome.SKIPPED.ordinal()].get(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Daemon threads, so a stuck provider never holds up a controller's shutdown. */
    private static final class RefreshThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "oauth2-credentials-refresh-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
