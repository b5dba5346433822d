package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handing out a valid cached token, TokenManager.accessToken, against the floor of any cache:
 * a ConcurrentHashMap.get of the same states. For reference it also times the floor of any
 * cache that checks expiry: the same get plus one Clock.millis() comparison. All cycle over the
 * same 64 credentials, in alternating rounds.
 */
final class CachedTokenBenchmark {
    static final double TARGET_RATIO = 10;
    private static final int CREDENTIALS = 64;
    private static final int OPS_PER_ROUND = 2_000_000;
    private static final int WARMUP_ROUNDS = 8;
    private static final int ROUNDS = 12;
    private static final long SKEW_MILLIS = Bench.POLICY.skew().toMillis();

    private CachedTokenBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println(run().line());
    }

    static Bench.Result run() throws Exception {
        Path folder = Bench.temporaryFolder("oauth2-bench-cache");
        try (LoopbackTokenEndpoint endpoint = new LoopbackTokenEndpoint(2, 0, 1_000, 0);
                ScribeJavaTransport transport = new ScribeJavaTransport()) {
            Clock clock = Clock.systemUTC();
            TokenManager manager = new TokenManager(new TokenEndpointClient(transport),
                    new FileTokenStateStore(folder, new AesGcmTestCipher()), Bench.POLICY, clock);
            ManagedCredential[] credentials = new ManagedCredential[CREDENTIALS];
            String[] keys = new String[CREDENTIALS];
            ConcurrentHashMap<String, TokenState> map = new ConcurrentHashMap<>();
            for (int i = 0; i < CREDENTIALS; i++) {
                credentials[i] = Bench.clientCredentials(endpoint.tokenUrl(), i);
                keys[i] = credentials[i].stateKey();
                manager.accessToken(credentials[i], Duration.ZERO);
                map.put(keys[i], manager.state(keys[i]));
            }
            long requests = endpoint.issued();

            double[] managerNs = new double[ROUNDS];
            double[] mapNs = new double[ROUNDS];
            double[] clockedNs = new double[ROUNDS];
            long sink = 0;
            for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                sink += viaManager(manager, credentials);
                long t1 = System.nanoTime();
                sink += viaMap(map, keys);
                long t2 = System.nanoTime();
                sink += viaMapAndClock(map, keys, clock);
                long t3 = System.nanoTime();
                if (round >= 0) {
                    managerNs[round] = (t1 - t0) / (double) OPS_PER_ROUND;
                    mapNs[round] = (t2 - t1) / (double) OPS_PER_ROUND;
                    clockedNs[round] = (t3 - t2) / (double) OPS_PER_ROUND;
                }
            }
            if (endpoint.issued() != requests) {
                throw new IllegalStateException("a cached token was refreshed meanwhile");
            }
            double served = Bench.median(managerNs);
            double get = Bench.median(mapNs);
            double clocked = Bench.median(clockedNs);
            double ratio = served / get;
            System.out.println(Bench.format("  [2] cached token: %d credentials, %d warm-up + %d "
                    + "rounds of %d calls (%d tokens served)", CREDENTIALS, WARMUP_ROUNDS, ROUNDS,
                    OPS_PER_ROUND, sink));
            System.out.println(Bench.format("      TokenManager.accessToken %.1f ns/op, "
                    + "ConcurrentHashMap.get %.1f ns/op, ratio %.2f", served, get, ratio));
            System.out.println(Bench.format("      for reference: get + Clock.millis() expiry check "
                    + "%.1f ns/op (%.2f x get); accessToken / that %.2f", clocked, clocked / get,
                    served / clocked));
            return new Bench.Result("[2] cached token accessToken / map.get",
                    Bench.format("%.1f ns / %.1f ns = %.2f", served, get, ratio), ratio, TARGET_RATIO);
        } finally {
            Bench.deleteFolder(folder);
        }
    }

    private static long viaManager(TokenManager manager, ManagedCredential[] credentials)
            throws Exception {
        long found = 0;
        for (int i = 0; i < OPS_PER_ROUND; i++) {
            ManagedCredential credential = credentials[i & (CREDENTIALS - 1)];
            TokenSet tokens = manager.accessToken(credential, Duration.ZERO);
            found += tokens == null ? 0 : 1;
        }
        return found;
    }

    private static long viaMap(ConcurrentHashMap<String, TokenState> map, String[] keys) {
        long found = 0;
        for (int i = 0; i < OPS_PER_ROUND; i++) {
            TokenState state = map.get(keys[i & (CREDENTIALS - 1)]);
            found += state == null ? 0 : 1;
        }
        return found;
    }

    private static long viaMapAndClock(ConcurrentHashMap<String, TokenState> map, String[] keys,
            Clock clock) {
        long found = 0;
        for (int i = 0; i < OPS_PER_ROUND; i++) {
            TokenState state = map.get(keys[i & (CREDENTIALS - 1)]);
            Instant expiresAt = state.tokens().expiresAt();
            found += expiresAt.toEpochMilli() - clock.millis() > SKEW_MILLIS ? 1 : 0;
        }
        return found;
    }
}
