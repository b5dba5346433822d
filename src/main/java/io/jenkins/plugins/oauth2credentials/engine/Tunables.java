package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads tunables from system properties named after the class that uses them, e.g.
 * {@code io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy.skewSeconds}. A value that
 * does not parse or is out of range (negative, or below the tunable's minimum) is logged and the
 * default is used.
 */
final class Tunables {
    private static final Logger LOGGER = Logger.getLogger(Tunables.class.getName());

    private Tunables() {}

    static int integer(Class<?> owner, String name, int defaultValue) {
        return integer(owner, name, defaultValue, 0);
    }

    /** A whole number of at least {@code min}; out of range, the default is used with a warning. */
    static int integer(Class<?> owner, String name, int defaultValue, int min) {
        return (int) number(owner, name, defaultValue, min, Integer.MAX_VALUE);
    }

    static Duration seconds(Class<?> owner, String name, long defaultSeconds) {
        return seconds(owner, name, defaultSeconds, 0);
    }

    /** A number of seconds of at least {@code min}; out of range, the default is used with a warning. */
    static Duration seconds(Class<?> owner, String name, long defaultSeconds, long min) {
        // At most ten years: larger values overflow the arithmetic of instants and are no use.
        return Duration.ofSeconds(number(owner, name, defaultSeconds, min, 10L * 365 * 24 * 3600));
    }

    private static long number(Class<?> owner, String name, long defaultValue, long min, long max) {
        String key = owner.getName() + "." + name;
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
            LOGGER.log(Level.WARNING, "Ignoring system property {0}: {1} is not between {2} and {3}; using {4}",
                    new Object[] {key, parsed, min, max, defaultValue});
        } catch (NumberFormatException e) {
            LOGGER.log(Level.WARNING, "Ignoring system property {0}: not a whole number; using {1}",
                    new Object[] {key, defaultValue});
        }
        return defaultValue;
    }
}
