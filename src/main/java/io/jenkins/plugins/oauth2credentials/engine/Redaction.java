package io.jenkins.plugins.oauth2credentials.engine;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Makes provider text safe to show: known secrets and anything that looks like a token are
 * replaced, markup is dropped and the length is capped. Used for body excerpts and error
 * descriptions before they reach a log entry or an exception message.
 */
final class Redaction {
    /** Long runs of token characters: JWTs, opaque tokens, codes. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9._~+/=-]{24,}");
    private static final Pattern MARKUP = Pattern.compile("<[^>]*>");
    private static final String REDACTED = "[redacted]";

    private Redaction() {}

    /** The redacted text, at most {@code limit} characters, or null for null. */
    static String redact(String text, Collection<SecretValue> known, int limit) {
        if (text == null) {
            return null;
        }
        String safe = text;
        for (SecretValue secret : known) {
            if (secret != null) {
                safe = safe.replace(secret.reveal(), REDACTED);
                safe = safe.replace(FormEncoding.encode(secret.reveal()), REDACTED);
            }
        }
        safe = MARKUP.matcher(safe).replaceAll(" ");
        safe = TOKEN_LIKE.matcher(safe).replaceAll(REDACTED);
        safe = safe.replaceAll("\\s+", " ").strip();
        return safe.length() <= limit ? safe : safe.substring(0, limit) + "…";
    }
}
