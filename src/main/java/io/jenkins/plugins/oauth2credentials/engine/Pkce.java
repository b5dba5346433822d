package io.jenkins.plugins.oauth2credentials.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Proof Key for Code Exchange with the S256 method.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7636#section-4">RFC 7636 section 4</a>
 */
final class Pkce {
    static final String METHOD = "S256";

    private Pkce() {}

    /** A verifier of 43 characters from 32 random bytes (section 4.1). */
    static SecretValue newVerifier(SecureRandom random) {
        return SecretValue.of(RandomTokens.base64Url(random, 32));
    }

    /** BASE64URL(SHA256(ASCII(verifier))), section 4.2. */
    static String challenge(SecretValue verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(verifier.reveal().getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
