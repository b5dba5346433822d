package io.jenkins.plugins.oauth2credentials.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Scope lists as administrators type them (separated by spaces, commas or newlines) and as the
 * wire wants them: space-separated by default (RFC 6749 section 3.3).
 */
public final class Scopes {
    private Scopes() {}

    /** Splits a typed list into distinct scopes, in the order given. */
    public static List<String> parse(String typed) {
        if (typed == null || typed.isBlank()) {
            return List.of();
        }
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        for (String part : typed.split("[\\s,]+")) {
            if (!part.isEmpty()) {
                scopes.add(part);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(scopes));
    }

    /** Joins scopes with the separator (a space unless a provider needs another); null when empty. */
    public static String join(List<String> scopes, String separator) {
        return scopes.isEmpty() ? null : String.join(separator, scopes);
    }
}
