package io.jenkins.plugins.oauth2credentials.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Text a provider sent back (an error code, description or URI on a callback) made safe to show
 * and store: the secrets of the exchange and anything token-like are removed, markup and control
 * characters dropped, the length capped. The same rules the token response parser applies.
 */
public final class ProviderText {
    private static final int MAX_ERROR_CODE = 64;
    private static final int MAX_DESCRIPTION = 500;

    private final List<SecretValue> known = new ArrayList<>();

    /** @param known the values of this exchange that must never be repeated (state, code); nulls ignored */
    public ProviderText(String... known) {
        for (String value : known) {
            SecretValue secret = SecretValue.ofNullable(value);
            if (secret != null) {
                this.known.add(secret);
            }
        }
    }

    /** An OAuth error code, short and without secrets; {@code fallback} when it is empty. */
    public String errorCode(String code, String fallback) {
        String safe = Redaction.redactKnown(code, known, MAX_ERROR_CODE);
        return safe == null || safe.isBlank() ? fallback : safe;
    }

    /** An error description; null when there is none. */
    public String description(String text) {
        String safe = Redaction.redact(text, known, MAX_DESCRIPTION);
        return safe == null || safe.isBlank() ? null : safe;
    }

    /** An error URI, reduced to where it points; null when there is none. */
    public String uri(String text) {
        String safe = Redaction.redactUri(text, known);
        return safe == null || safe.isBlank() ? null : safe;
    }
}
