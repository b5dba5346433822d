package io.jenkins.plugins.oauth2credentials.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the grants against a token endpoint: client credentials, authorization code with PKCE,
 * and refresh. Every request asks for JSON, carries the configured client authentication and
 * the extra token parameters, and is read by one parser.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4">RFC 6749 section 4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-6">RFC 6749 section 6</a>
 */
public final class TokenEndpointClient {
    private static final Logger LOGGER = Logger.getLogger(TokenEndpointClient.class.getName());

    private final TokenEndpointTransport transport;

    public TokenEndpointClient(TokenEndpointTransport transport) {
        this.transport = transport;
    }

    /** RFC 6749 section 4.4.2: a token for the client itself. */
    public TokenResponse clientCredentials(ClientConfiguration config) throws TokenEndpointException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GrantType.CLIENT_CREDENTIALS.wireName());
        form.put("scope", config.scopeParameter());
        return send(config, form, List.of());
    }

    /** RFC 6749 section 4.1.3 with RFC 7636 section 4.5: redeems an authorization code. */
    public TokenResponse authorizationCode(ClientConfiguration config, SecretValue code, String redirectUri,
            SecretValue codeVerifier) throws TokenEndpointException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GrantType.AUTHORIZATION_CODE.wireName());
        form.put("code", code.reveal());
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier == null ? null : codeVerifier.reveal());
        return send(config, form, secrets(code, codeVerifier));
    }

    /** RFC 6749 section 6: a new access token for a refresh token, with the configured scope. */
    public TokenResponse refresh(ClientConfiguration config, SecretValue refreshToken) throws TokenEndpointException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GrantType.REFRESH_TOKEN);
        form.put("refresh_token", refreshToken.reveal());
        form.put("scope", config.scopeParameter());
        return send(config, form, secrets(refreshToken));
    }

    private TokenResponse send(ClientConfiguration config, Map<String, String> form, List<SecretValue> sent)
            throws TokenEndpointException {
        config.tokenParameters().forEach(form::putIfAbsent);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        ClientAuthentication.apply(config, headers, form);

        List<SecretValue> redact = new ArrayList<>(sent);
        redact.add(config.clientSecret());
        TransportResponse response;
        try {
            response = transport.post(config.tokenUrl(), headers, FormEncoding.encode(form));
        } catch (OversizedResponseException e) {
            throw TokenEndpointException.builder(FailureKind.TRANSIENT, e.getMessage()).build(e);
        } catch (IOException e) {
            throw unreachable(config, e);
        }
        LOGGER.log(Level.FINE, "Token endpoint {0} answered HTTP {1} ({2} characters) to grant {3}",
                new Object[] {config.tokenUrl(), response.status(), response.body().length(), form.get("grant_type")});
        return TokenResponseParser.parse(response, redact, config.authenticationMethod());
    }

    private static TokenEndpointException unreachable(ClientConfiguration config, IOException e) {
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            Thread.currentThread().interrupt();
        }
        // The JDK's messages name only the host and the kind of failure: safe to show.
        String reason = e instanceof SocketTimeoutException
                ? EngineMessages.format("TokenEndpointClient.timeout", e.getMessage() == null ? "" : e.getMessage())
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return TokenEndpointException.builder(FailureKind.TRANSIENT,
                        EngineMessages.format("TokenEndpointClient.unreachable", config.tokenUrl(), reason))
                .build(e);
    }

    private static List<SecretValue> secrets(SecretValue... values) {
        List<SecretValue> list = new ArrayList<>();
        for (SecretValue value : values) {
            if (value != null) {
                list.add(value);
            }
        }
        return list;
    }
}
