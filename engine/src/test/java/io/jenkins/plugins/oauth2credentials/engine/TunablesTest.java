package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TunablesTest {
    private static final String BACKOFF_MAX = RefreshPolicy.class.getName() + ".backoffMaxSeconds";
    private static final String SKEW = RefreshPolicy.class.getName() + ".skewSeconds";

    @AfterEach
    void clear() {
        System.clearProperty(BACKOFF_MAX);
        System.clearProperty(SKEW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "99999999999999", "soon"})
    void fromSystemPropertiesWhenBackoffMaxOutOfRangeThenDefault(String value) {
        System.setProperty(BACKOFF_MAX, value);

        assertEquals(Duration.ofSeconds(1800), RefreshPolicy.fromSystemProperties().backoffMax());
    }

    @Test
    void fromSystemPropertiesWhenValuesInRangeThenUsed() {
        System.setProperty(BACKOFF_MAX, "600");
        System.setProperty(SKEW, "0");

        RefreshPolicy policy = RefreshPolicy.fromSystemProperties();

        assertEquals(Duration.ofSeconds(600), policy.backoffMax());
        assertEquals(Duration.ZERO, policy.skew());
    }

    @Test
    void integerWhenBelowMinimumThenDefault() {
        System.setProperty(SKEW, "-1");

        assertEquals(Duration.ofSeconds(60), RefreshPolicy.fromSystemProperties().skew());
    }
}
