package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshSummary;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap a TokenManager (and its file store) keeps per credential once every credential holds a
 * token: used heap after GC with the credentials configured, then after one refresh of each,
 * divided by their number. The credentials' own configuration is in both readings, so only
 * what the engine holds for them counts.
 */
final class RetainedHeapBenchmark {
    static final double TARGET_BYTES = 2_048;
    static final int CREDENTIALS = 4_000;
    /** A typical JWT access token; a short opaque refresh token, as some providers issue. */
    static final int ACCESS_TOKEN_LENGTH = 1_000;
    static final int REFRESH_TOKEN_LENGTH = 100;

    private RetainedHeapBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println(run().line());
    }

    static Bench.Result run() throws Exception {
        Path folder = Bench.temporaryFolder("oauth2-bench-heap");
        try (LoopbackTokenEndpoint endpoint =
                        new LoopbackTokenEndpoint(4, 0, ACCESS_TOKEN_LENGTH, REFRESH_TOKEN_LENGTH);
                ScribeJavaTransport transport = new ScribeJavaTransport()) {
            TokenEndpointClient client = new TokenEndpointClient(transport);
            List<ManagedCredential> credentials = new ArrayList<>();
            for (int i = 0; i < CREDENTIALS; i++) {
                credentials.add(Bench.clientCredentials(endpoint.tokenUrl(), i));
            }
            // Warm-up on a throw-away manager: class loading and static caches are paid for.
            warmUp(client, folder.resolve("warmup"), credentials.subList(0, 200));

            TokenManager manager = new TokenManager(client,
                    new FileTokenStateStore(folder.resolve("state"), new AesGcmTestCipher()),
                    Bench.POLICY, Clock.systemUTC());
            long before = Bench.settledHeapUsed();
            RefreshSummary summary = manager.refreshAllDue(credentials, 8);
            if (summary.refreshed() != CREDENTIALS) {
                throw new IllegalStateException("not every credential was refreshed: " + summary);
            }
            long after = Bench.settledHeapUsed();
            Reference.reachabilityFence(manager);
            Reference.reachabilityFence(credentials);

            double perCredential = (after - before) / (double) CREDENTIALS;
            // The token text alone, as compact Latin-1 strings: String, array header, bytes.
            long tokenText = stringBytes(ACCESS_TOKEN_LENGTH) + stringBytes(REFRESH_TOKEN_LENGTH);
            System.out.println(Bench.format("  [4] retained heap: %d credentials, access token %d "
                    + "chars, refresh token %d chars", CREDENTIALS, ACCESS_TOKEN_LENGTH,
                    REFRESH_TOKEN_LENGTH));
            System.out.println(Bench.format("      heap used after GC %d -> %d bytes: %.0f bytes per "
                    + "credential, of which token text about %d, the rest %.0f", before, after,
                    perCredential, tokenText, perCredential - tokenText));
            return new Bench.Result("[4] retained heap per credential",
                    Bench.format("%.0f bytes (tokens %d+%d chars)", perCredential, ACCESS_TOKEN_LENGTH,
                            REFRESH_TOKEN_LENGTH), perCredential, TARGET_BYTES);
        } finally {
            Bench.deleteFolder(folder);
        }
    }

    private static void warmUp(TokenEndpointClient client, Path folder,
            List<ManagedCredential> some) {
        TokenManager throwAway = new TokenManager(client,
                new FileTokenStateStore(folder, new AesGcmTestCipher()), Bench.POLICY,
                Clock.systemUTC());
        throwAway.refreshAllDue(some, 8);
        throwAway.refreshAllDue(some, 8);
    }

    private static long stringBytes(int latin1Chars) {
        long array = align(16 + latin1Chars);
        return 24 + array;
    }

    private static long align(long bytes) {
        return (bytes + 7) / 8 * 8;
    }
}
