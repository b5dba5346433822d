package io.jenkins.plugins.oauth2credentials.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Extra authorization or token request parameters ({@code audience}, {@code resource},
 * {@code prompt}, {@code access_type}...) typed one {@code name=value} per line.
 */
public final class ExtraParameters {
    /** Names the engine sets itself; an extra parameter may not replace them. */
    static final Set<String> RESERVED = Set.of(
            "grant_type", "code", "redirect_uri", "client_id", "client_secret", "refresh_token",
            "code_verifier", "code_challenge", "code_challenge_method", "state", "response_type", "scope");

    private ExtraParameters() {}

    /**
     * Parses {@code name=value} lines; blank lines and lines starting with {@code #} are skipped.
     *
     * @param field the form field, named in the error
     * @throws InvalidConfigurationException naming the field and the offending line number
     */
    public static Map<String, String> parse(String text, String field) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (text == null) {
            return Map.of();
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals <= 0 || name.isEmpty()) {
                throw problem(field, EngineMessages.format("ExtraParameters.notNameValue", i + 1));
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw problem(field, EngineMessages.format("ExtraParameters.reserved", name));
            }
            parameters.put(name, line.substring(equals + 1).strip());
        }
        return Collections.unmodifiableMap(parameters);
    }

    /** Formats parameters back into the typed form, one per line. */
    public static String format(Map<String, String> parameters) {
        StringBuilder text = new StringBuilder();
        parameters.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static InvalidConfigurationException problem(String field, String message) {
        return new InvalidConfigurationException(java.util.List.of(new ConfigurationProblem(field, message)));
    }
}
