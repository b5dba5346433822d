package io.jenkins.plugins.oauth2credentials.engine;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Unguessable random strings: authorization states, PKCE verifiers, state keys. */
public final class RandomTokens {
    private static final Pattern STATE_KEY = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private RandomTokens() {}

    /** {@code bytes} random bytes as unpadded base64url. */
    static String base64Url(SecureRandom random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /**
     * Whether a value is shaped like a credential's state key: 16 to 64 letters, digits,
     * {@code -} or {@code _}. Keys made by {@link #newStateKey()} have 22.
     */
    public static boolean isStateKey(String value) {
        return value != null && STATE_KEY.matcher(value).matches();
    }

    /** A new state key for a credential: 128 random bits, safe as a file name. */
    public static String newStateKey() {
        return base64Url(new SecureRandom(), 16);
    }
}
