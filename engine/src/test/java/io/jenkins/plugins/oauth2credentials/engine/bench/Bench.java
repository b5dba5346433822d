package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.GrantType;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RandomTokens;
import io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** What the benchmarks share: credentials, a policy, statistics, heap readings and output. */
final class Bench {
    static final RefreshPolicy POLICY = new RefreshPolicy(
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(30));

    private Bench() {}

    /** One benchmark's figure against its target. */
    record Result(String name, String figure, double value, double target) {
        boolean pass() {
            return value <= target;
        }

        String line() {
            return String.format(Locale.ROOT, "%-42s %-36s target <= %-6s %s", name, figure,
                    number(target), pass() ? "PASS" : "MISS");
        }
    }

    static ManagedCredential clientCredentials(String tokenUrl, int index) {
        ClientConfiguration config = ClientConfiguration.builder()
                .clientId("bench-client-" + index)
                .clientSecret(SecretValue.of("bench-secret+with:reserved%chars-" + index))
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .grantType(GrantType.CLIENT_CREDENTIALS)
                .scopes("api read")
                .tokenUrl(tokenUrl)
                .build();
        return new ManagedCredential(RandomTokens.newStateKey(), config.clientId(), config);
    }

    static double median(long[] values) {
        // Exact: nanosecond timings are far below 2^53.
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1
                ? sorted[middle]
                : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /** Heap in use after collecting garbage until the figure settles. */
    static long settledHeapUsed() {
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            sleep(100);
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }

    /**
     * A new folder for state files, under {@code -Dbench.stateDir} when given (to compare disks,
     * e.g. a tmpfs), else under the temporary folder.
     */
    static Path temporaryFolder(String prefix) {
        try {
            String parent = System.getProperty("bench.stateDir");
            return parent == null ? Files.createTempDirectory(prefix)
                    : Files.createTempDirectory(Path.of(parent), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9
                ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}
