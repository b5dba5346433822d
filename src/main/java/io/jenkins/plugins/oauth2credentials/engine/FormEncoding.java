package io.jenkins.plugins.oauth2credentials.engine;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} in UTF-8, as token requests and some responses use it. */
public final class FormEncoding {
    private FormEncoding() {}

    /** Encodes one name or value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Encodes the parameters in their order; null values are left out. */
    public static String encode(Map<String, String> parameters) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
        }
        return body.toString();
    }

    /**
     * Decodes a form body; the first occurrence of a name wins.
     *
     * @throws IllegalArgumentException when a part is no {@code name=value} pair or badly escaped
     */
    public static Map<String, String> decode(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a form-encoded body");
            }
            String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }
}
