package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads tunables from system properties named after the class that uses them, e.g.
 * {@code io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy.skewSeconds}. A value that
 * does not parse is logged and the default is used.
 */
final class Tunables {
    private static final Logger LOGGER = Logger.getLogger(Tunables.class.getName());

    private Tunables() {}

    static int integer(Class<?> owner, String name, int defaultValue) {
        return (int) number(owner, name, defaultValue);
    }

    static Duration seconds(Class<?> owner, String name, long defaultSeconds) {
        return Duration.ofSeconds(number(owner, name, defaultSeconds));
    }

    static long number(Class<?> owner, String name, long defaultValue) {
        String key = owner.getName() + "." + name;
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            LOGGER.log(Level.WARNING, "Ignoring system property {0}: not a whole number; using {1}",
                    new Object[] {key, defaultValue});
            return defaultValue;
        }
    }
}
