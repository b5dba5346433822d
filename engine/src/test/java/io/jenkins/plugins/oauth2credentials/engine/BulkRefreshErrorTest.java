package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One credential's unexpected failure in the periodic refresh never stops the others. */
class BulkRefreshErrorTest {
    private final TestClock clock = new TestClock();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final MemoryStateStore store = new MemoryStateStore();
    private final TokenManager manager = TestConfigs.manager(transport, store, clock);

    private static ManagedCredential credential(String name) {
        return new ManagedCredential("key-" + name, name, TestConfigs.clientCredentials().build());
    }

    @Test
    void refreshAllDueWhenFirstCredentialThrowsErrorThenOthersStillRefreshed() {
        transport.then(request -> {
            throw new LinkageError("simulated: a class of the HTTP library is missing");
        }).otherwise(request -> token("AT-fine", null, 3600));

        RefreshSummary summary = manager.refreshAllDue(
                List.of(credential("broken"), credential("second"), credential("third")), 1);

        assertEquals(2, summary.refreshed(), summary.toString());
        assertEquals(1, summary.failed(), summary.toString());
        assertEquals(3, transport.count());
    }
}
