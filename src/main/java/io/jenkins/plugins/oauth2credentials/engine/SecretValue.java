package io.jenkins.plugins.oauth2credentials.engine;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret string (client secret, access or refresh token, PKCE verifier) that never shows its
 * value in {@link #toString()}, so that it cannot reach a log line or an exception message by
 * accident. Only {@link #reveal()} gives the value, at the point where it goes on the wire.
 */
public final class SecretValue {
    private final String value;

    private SecretValue(String value) {
        this.value = value;
    }

    /** Wraps a non-empty value. */
    public static SecretValue of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret value must not be empty");
        }
        return new SecretValue(value);
    }

    /** Wraps a value, or returns null when it is null or empty. */
    public static SecretValue ofNullable(String value) {
        return value == null || value.isEmpty() ? null : new SecretValue(value);
    }

    /** The plain value: call it only where the value goes on the wire or into encrypted storage. */
    public String reveal() {
        return value;
    }

    /** The number of characters, which is safe to log. */
    public int length() {
        return value.length();
    }

    @Override
    public boolean equals(Object other) {
        // Constant time, so that comparing a secret leaks nothing through timing.
        return other instanceof SecretValue that
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.length();
    }

    @Override
    public String toString() {
        return "****";
    }
}
