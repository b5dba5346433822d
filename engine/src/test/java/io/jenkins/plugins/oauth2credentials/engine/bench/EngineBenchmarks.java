package io.jenkins.plugins.oauth2credentials.engine.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the engine's benchmarks in one JVM, one after the other, and prints each figure with its
 * target. Figures depend on the machine; nothing here fails a build.
 *
 * <pre>
 * mvn -f engine/pom.xml -Dkeycloak.skip=true test-compile exec:java \
 *     -Dexec.mainClass=io.jenkins.plugins.oauth2credentials.engine.bench.EngineBenchmarks
 * </pre>
 */
public final class EngineBenchmarks {
    private EngineBenchmarks() {}

    public static void main(String[] args) throws Exception {
        Runtime runtime = Runtime.getRuntime();
        System.out.println(Bench.format("Engine benchmarks: Java %s (%s), %d processors, "
                + "max heap %d MiB, load average %.2f", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), runtime.availableProcessors(),
                runtime.maxMemory() >> 20, loadAverage()));
        long started = System.nanoTime();
        List<Bench.Result> results = new ArrayList<>();
        results.add(TokenRequestBenchmark.run());
        results.add(CachedTokenBenchmark.run());
        results.add(RefreshAllDueBenchmark.run());
        results.add(RetainedHeapBenchmark.run());
        System.out.println();
        System.out.println("Summary:");
        for (Bench.Result result : results) {
            System.out.println("  " + result.line());
        }
        System.out.println(Bench.format("Took %.0f s; load average now %.2f (other processes on the "
                + "machine skew every figure).", (System.nanoTime() - started) / 1e9, loadAverage()));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
