package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zero timeout means "wait forever" to the JDK's HTTP client: one stuck read would then hold a
 * credential's refresh lock whatever the total deadline says. Zero is out of range, as for every
 * other timeout.
 */
class TransportTunablesTest {
    private static final String PREFIX = ScribeJavaTransport.class.getName() + ".";
    private static final List<String> NAMES =
            List.of("connectTimeoutMillis", "readTimeoutMillis", "maxResponseBytes");

    @AfterEach
    void clear() {
        for (String name : NAMES) {
            System.clearProperty(PREFIX + name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"connectTimeoutMillis", "readTimeoutMillis", "maxResponseBytes"})
    void constructorWhenTunableIsZeroThenDefaultUsedWithWarning(String name) throws Exception {
        System.setProperty(PREFIX + name, "0");

        try (LogCapture log = LogCapture.of(LogCapture.ENGINE);
                ScribeJavaTransport transport = new ScribeJavaTransport()) {
            assertTrue(log.warnings().stream().anyMatch(line -> line.contains(PREFIX + name)),
                    log.warnings().toString());
        }
    }
}
