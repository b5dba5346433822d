package io.jenkins.plugins.oauth2credentials.engine;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable random strings: authorization states, PKCE verifiers, state keys. */
public final class RandomTokens {
    private RandomTokens() {}

    /** {@code bytes} random bytes as unpadded base64url. */
    static String base64Url(SecureRandom random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** A new state key for a credential: 128 random bits, safe as a file name. */
    public static String newStateKey() {
        return base64Url(new SecureRandom(), 16);
    }
}
