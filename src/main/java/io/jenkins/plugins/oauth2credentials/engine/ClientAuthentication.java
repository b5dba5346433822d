package io.jenkins.plugins.oauth2credentials.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Adds client authentication to a token request. Every grant uses it, refresh included.
 *
 * <p>For {@code client_secret_basic} the client ID and secret are each form-encoded before they
 * are joined with a colon and Base64-encoded, as RFC 6749 section 2.3.1 requires; clients that
 * skip this send a secret with {@code +}, {@code :} or {@code %} that strict servers decode into
 * another value.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1">RFC 6749 section 2.3.1</a>
 */
final class ClientAuthentication {
    private ClientAuthentication() {}

    /** Puts the client's credentials into the headers or the form, as the method says. */
    static void apply(ClientConfiguration config, Map<String, String> headers, Map<String, String> form) {
        switch (config.authenticationMethod()) {
            case CLIENT_SECRET_BASIC -> headers.put("Authorization",
                    basic(config.clientId(), config.clientSecret().reveal()));
            case CLIENT_SECRET_POST -> {
                form.put("client_id", config.clientId());
                form.put("client_secret", config.clientSecret().reveal());
            }
            case NONE -> form.put("client_id", config.clientId());
            default -> throw new IllegalStateException("unknown method " + config.authenticationMethod());
        }
    }

    /** The {@code Authorization} header value for HTTP Basic client authentication. */
    static String basic(String clientId, String clientSecret) {
        String pair = FormEncoding.encode(clientId) + ":" + FormEncoding.encode(clientSecret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
