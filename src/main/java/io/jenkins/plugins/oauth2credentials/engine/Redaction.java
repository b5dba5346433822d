package io.jenkins.plugins.oauth2credentials.engine;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Makes provider text safe to show: the values of token-bearing names, known secrets and
 * anything that looks like a token are replaced, markup is dropped and the length is capped.
 * Used for body excerpts and error descriptions before they reach a log entry or an exception
 * message.
 */
final class Redaction {
    /** Long runs of token characters: JWTs, opaque tokens, codes. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9._~+/=-]{24,}");
    private static final Pattern MARKUP = Pattern.compile("<[^>]*>");
    private static final String REDACTED = "[redacted]";
    /** Names whose values are tokens or credentials, wherever a provider quotes them. */
    private static final String SECRET_NAMES =
            "(?:access_token|refresh_token|id_token|code|client_secret|assertion|password)";
    /** {@code "name": "value"} in JSON, also with escaped quotes as in JSON inside a string. */
    private static final Pattern JSON_MEMBER = Pattern.compile(
            "(?i)(\\\\?\"" + SECRET_NAMES + "\\\\?\"\\s*:\\s*\\\\?\")(?:[^\"\\\\]|\\\\[^\"])+");
    /**
     * {@code name=value} in a form or query, also %-encoded ({@code %3D}, {@code %26}). The
     * value is masked up to a separator, so a token with characters outside the token-like
     * alphabet (such as {@code %2F}) or shorter than a token-like run is masked too.
     */
    private static final Pattern FORM_PAIR = Pattern.compile(
            "(?i)((?:(?<=%26)|(?<=%3F)|(?<![A-Za-z0-9_.~%-]))" + SECRET_NAMES + "\\s*(?:=|%3D)\\s*)"
                    + "(?:(?!%26)[^&\\s\"'<>])+");

    private Redaction() {}

    /** The redacted text, at most {@code limit} characters, or null for null. */
    static String redact(String text, Collection<SecretValue> known, int limit) {
        if (text == null) {
            return null;
        }
        // Known secrets first, whole: the masking rules end a value at '&', '%26' or a space,
        // which a secret may contain. Then the masking, before any rule that cuts a value in two.
        String safe = maskSecretValues(withoutKnown(text, known));
        safe = MARKUP.matcher(safe).replaceAll(" ");
        safe = TOKEN_LIKE.matcher(safe).replaceAll(REDACTED);
        safe = safe.replaceAll("\\s+", " ").strip();
        return safe.length() <= limit ? safe : safe.substring(0, limit) + "…";
    }

    /** The values of token-bearing members and parameters replaced, their names kept. */
    static String maskSecretValues(String text) {
        String safe = JSON_MEMBER.matcher(text).replaceAll("$1" + REDACTED);
        return FORM_PAIR.matcher(safe).replaceAll("$1" + REDACTED);
    }

    /**
     * Only the secrets the request carried are replaced: for short structured values such as an
     * OAuth error code or an error URI, which the token-like rule would mangle.
     */
    static String redactKnown(String text, Collection<SecretValue> known, int limit) {
        if (text == null) {
            return null;
        }
        String safe = withoutKnown(text, known).replaceAll("\\p{Cntrl}", " ").strip();
        return safe.length() <= limit ? safe : safe.substring(0, limit) + "…";
    }

    private static String withoutKnown(String text, Collection<SecretValue> known) {
        String safe = text;
        for (SecretValue secret : known) {
            if (secret != null) {
                safe = safe.replace(secret.reveal(), REDACTED);
                safe = safe.replace(FormEncoding.encode(secret.reveal()), REDACTED);
            }
        }
        return safe;
    }

    /**
     * An error URI made safe to show: the query is dropped, and path segments or a fragment that
     * look like random values (mixed case and digits) are replaced. Documentation links such as
     * GitHub's troubleshooting pages keep their path and anchor.
     */
    static String redactUri(String text, Collection<SecretValue> known) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(withoutKnown(text.strip(), known));
            if (!uri.isAbsolute() || uri.getHost() == null) {
                return redact(text, known, 200);
            }
            StringBuilder safe = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
            if (uri.getPort() != -1) {
                safe.append(':').append(uri.getPort());
            }
            String[] segments = (uri.getRawPath() == null ? "" : uri.getRawPath()).split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                segments[i] = looksRandom(segments[i]) ? REDACTED : segments[i];
            }
            safe.append(String.join("/", segments));
            if (uri.getRawFragment() != null) {
                safe.append('#').append(looksRandom(uri.getRawFragment()) ? REDACTED : uri.getRawFragment());
            }
            return safe.length() <= 500 ? safe.toString() : safe.substring(0, 500) + "…";
        } catch (URISyntaxException e) {
            return redact(text, known, 200);
        }
    }

    private static boolean looksRandom(String value) {
        return value.length() >= 16 && value.chars().anyMatch(Character::isDigit)
                && value.chars().anyMatch(Character::isUpperCase) && value.chars().anyMatch(Character::isLowerCase);
    }
}
