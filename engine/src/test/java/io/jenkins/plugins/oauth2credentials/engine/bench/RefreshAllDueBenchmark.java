package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The periodic refresh: refreshAllDue over 1,000 client credentials against an endpoint that
 * takes 20 ms per answer, compared with the ideal N x latency / concurrency. Each refresh is
 * the real path: token request, encrypted state file written and forced to disk, log entry.
 * The time of each part is printed, and, where /dev/shm exists, the same run with the state
 * files on that RAM disk, to show what the disk's sync costs.
 */
final class RefreshAllDueBenchmark {
    static final double TARGET_RATIO = 1.3;
    static final int CREDENTIALS = 1_000;
    static final long LATENCY_MILLIS = 20;
    static final int CONCURRENCY = 16;
    private static final int RUNS = 3;
    private static final double IDEAL_MILLIS = CREDENTIALS * LATENCY_MILLIS / (double) CONCURRENCY;
    private static final Path RAM_DISK = Path.of("/dev/shm");

    private RefreshAllDueBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println(run().line());
    }

    static Bench.Result run() throws Exception {
        System.out.println(Bench.format("  [3] refreshAllDue: %d credentials, endpoint latency %d ms, "
                + "concurrency %d, ideal %d x %d ms / %d = %.0f ms", CREDENTIALS, LATENCY_MILLIS,
                CONCURRENCY, CREDENTIALS, LATENCY_MILLIS, CONCURRENCY, IDEAL_MILLIS));
        double ratio = measure(Bench.temporaryFolder("oauth2-bench-refresh"));
        if (System.getProperty("bench.stateDir") == null && Files.isDirectory(RAM_DISK)) {
            measure(Files.createTempDirectory(RAM_DISK, "oauth2-bench-refresh"));
        }
        return new Bench.Result("[3] refreshAllDue 1000 x 20 ms / 16",
                Bench.format("%.0f ms / ideal %.0f ms = %.3f", ratio * IDEAL_MILLIS, IDEAL_MILLIS, ratio),
                ratio, TARGET_RATIO);
    }

    /** Runs the refresh with state files in the folder, prints the figures, returns the ratio. */
    private static double measure(Path folder) throws Exception {
        try (LoopbackTokenEndpoint endpoint =
                        new LoopbackTokenEndpoint(CONCURRENCY * 2, LATENCY_MILLIS, 1_000, 0);
                ScribeJavaTransport transport = new ScribeJavaTransport()) {
            CallTimes requestTimes = new CallTimes();
            CallTimes saveTimes = new CallTimes();
            TimedTransport timedTransport = new TimedTransport(transport, requestTimes);
            TimedStore store = new TimedStore(
                    new FileTokenStateStore(folder, new AesGcmTestCipher()), saveTimes);
            TokenManager manager = new TokenManager(new TokenEndpointClient(timedTransport), store,
                    Bench.POLICY, Clock.systemUTC());
            List<ManagedCredential> credentials = new ArrayList<>();
            for (int i = 0; i < CREDENTIALS; i++) {
                credentials.add(Bench.clientCredentials(endpoint.tokenUrl(), i));
            }
            // Warm-up: the first run also creates every state file, as a first start would.
            RefreshSummary warmup = manager.refreshAllDue(credentials, CONCURRENCY);
            check(warmup);

            double[] millis = new double[RUNS];
            requestTimes.reset();
            saveTimes.reset();
            for (int run = 0; run < RUNS; run++) {
                long t0 = System.nanoTime();
                RefreshSummary summary = manager.refreshAllDue(credentials, CONCURRENCY);
                millis[run] = (System.nanoTime() - t0) / 1e6;
                check(summary);
            }
            double median = Bench.median(millis);
            double ratio = median / IDEAL_MILLIS;
            double request = requestTimes.meanMillis();
            double save = saveTimes.meanMillis();
            System.out.println(Bench.format("      state files in %s: warm-up run %d ms; runs %s ms; "
                    + "median %.0f ms; ratio %.3f", folder.getParent(), warmup.duration().toMillis(),
                    runs(millis), median, ratio));
            System.out.println(Bench.format("        per refresh: token request %.2f ms, durable state "
                    + "write %.2f ms; (request + write) x %d / %d = %.0f ms", request, save,
                    CREDENTIALS, CONCURRENCY, (request + save) * CREDENTIALS / CONCURRENCY));
            return ratio;
        } finally {
            Bench.deleteFolder(folder);
        }
    }

    private static void check(RefreshSummary summary) {
        if (summary.refreshed() != CREDENTIALS) {
            throw new IllegalStateException("not every credential was refreshed: " + summary);
        }
    }

    private static String runs(double[] millis) {
        StringBuilder text = new StringBuilder();
        for (double value : millis) {
            text.append(text.length() == 0 ? "" : ", ").append(Math.round(value));
        }
        return text.toString();
    }
}
