package io.jenkins.plugins.oauth2credentials.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reads every token endpoint answer, for every grant. Accepts JSON and form-encoded bodies
 * (GitHub answers forms unless asked for JSON) and decides success from the body, not from the
 * HTTP status: a success has a non-empty {@code access_token} and no {@code error}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5">RFC 6749 section 5</a>
 */
final class TokenResponseParser {
    private static final Logger LOGGER = Logger.getLogger(TokenResponseParser.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pairs joined by '&', with a trailing '&' as some providers send it. */
    private static final Pattern FORM =
            Pattern.compile("[A-Za-z0-9_.%+-]+=[^&]*(&[A-Za-z0-9_.%+-]+=[^&]*)*&?");
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int EXCERPT_LIMIT = 200;
    /** About a hundred years: longer lifetimes are taken as unknown. */
    private static final long MAX_LIFETIME_SECONDS = 100L * 366 * 24 * 3600;

    private TokenResponseParser() {}

    /**
     * Parses an answer into a token response or throws a classified failure.
     *
     * @param sent the secrets the request carried, redacted from anything quoted back
     * @param method the client authentication used, named when the client is rejected
     */
    static TokenResponse parse(TransportResponse response, Collection<SecretValue> sent,
            ClientAuthenticationMethod method) throws TokenEndpointException {
        int status = response.status();
        if (status >= 300 && status < 400) {
            throw failure(response, FailureKind.REJECTED,
                    EngineMessages.format("TokenResponseParser.redirect", status, withoutQuery(response.location())));
        }
        Map<String, String> fields = fields(response, sent);

        String error = fields.get("error");
        if (error != null && !error.isBlank()) {
            OAuthError oauthError = new OAuthError(Redaction.redactKnown(error, sent, 100),
                    Redaction.redact(fields.get("error_description"), sent, 500),
                    Redaction.redactUri(fields.get("error_uri"), sent));
            FailureKind kind = FailureKind.ofError(error, status);
            String message = kind == FailureKind.REJECTED
                    ? EngineMessages.format("TokenResponseParser.rejected", status, oauthError.summary(),
                            method.wireName())
                    : EngineMessages.format("TokenResponseParser.oauthError", status, oauthError.summary());
            throw TokenEndpointException.builder(kind, message)
                    .httpStatus(status)
                    .oauthError(oauthError)
                    .contentType(response.contentType())
                    .retryAfter(retryAfter(response.retryAfter()))
                    .build();
        }
        if (status < 200 || status >= 300) {
            throw failure(response, FailureKind.ofStatus(status),
                    EngineMessages.format("TokenResponseParser.status", status));
        }

        String accessToken = fields.get("access_token");
        if (!isToken(accessToken)) {
            throw failure(response, FailureKind.TRANSIENT,
                    EngineMessages.format("TokenResponseParser.noAccessToken", status));
        }
        String refreshToken = fields.get("refresh_token");
        return new TokenResponse(
                SecretValue.of(accessToken),
                normalizeTokenType(fields.get("token_type")),
                isToken(refreshToken) ? SecretValue.of(refreshToken) : null,
                fields.get("scope"),
                lifetime(fields.get("expires_in")),
                lifetime(fields.get("refresh_token_expires_in")));
    }

    /** The body's members as text, from JSON or a form, or a classified failure when it is neither. */
    private static Map<String, String> fields(TransportResponse response, Collection<SecretValue> sent)
            throws TokenEndpointException {
        String body = response.body().strip();
        if (!body.isEmpty() && body.charAt(0) == BYTE_ORDER_MARK) {
            body = body.substring(1).strip();
        }
        int status = response.status();
        if (body.isEmpty()) {
            throw failure(response, FailureKind.ofStatus(status),
                    EngineMessages.format("TokenResponseParser.empty", status));
        }
        String contentType = response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
        boolean declaredForm = contentType.contains("application/x-www-form-urlencoded");
        if (body.startsWith("{") && !declaredForm) {
            return json(response, body);
        }
        if (FORM.matcher(body).matches()) {
            try {
                return FormEncoding.decode(body);
            } catch (IllegalArgumentException e) {
                // Falls through to the unreadable-body failure below.
            }
        }
        if (body.startsWith("{")) {
            return json(response, body);
        }
        if (status >= 200 && status < 300) {
            // A success may carry fresh tokens in a shape no redaction rule knows: quote nothing.
            throw failure(response, FailureKind.TRANSIENT,
                    EngineMessages.format("TokenResponseParser.unreadableSuccess", status,
                            body.length(), mediaType(response, sent)));
        }
        String excerpt = Redaction.redact(body, sent, EXCERPT_LIMIT);
        String key = body.startsWith("<") ? "TokenResponseParser.html" : "TokenResponseParser.unreadable";
        String message = EngineMessages.format(key, status, excerpt);
        throw TokenEndpointException.builder(FailureKind.ofStatus(status), message)
                .httpStatus(status)
                .contentType(response.contentType())
                .bodyExcerpt(excerpt)
                .retryAfter(retryAfter(response.retryAfter()))
                .build();
    }

    private static Map<String, String> json(TransportResponse response, String body) throws TokenEndpointException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the body, which may hold a token: never pass it on.
            throw failure(response, FailureKind.TRANSIENT,
                    EngineMessages.format("TokenResponseParser.malformedJson", response.status(), body.length()));
        }
        if (root == null || !root.isObject()) {
            throw failure(response, FailureKind.TRANSIENT,
                    EngineMessages.format("TokenResponseParser.malformedJson", response.status(), body.length()));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        root.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (!value.isNull()) {
                fields.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        });
        return fields;
    }

    /** The content type without parameters, for a message; "none" when there was none. */
    private static String mediaType(TransportResponse response, Collection<SecretValue> sent) {
        String contentType = response.contentType();
        if (contentType == null || contentType.isBlank()) {
            return "none";
        }
        return Redaction.redactKnown(contentType.split(";", 2)[0], sent, 100);
    }

    private static TokenEndpointException failure(TransportResponse response, FailureKind kind, String message) {
        return TokenEndpointException.builder(kind, message)
                .httpStatus(response.status())
                .contentType(response.contentType())
                .retryAfter(retryAfter(response.retryAfter()))
                .build();
    }

    /** Rejects the strings some clients store when a member was missing. */
    private static boolean isToken(String value) {
        return value != null && !value.isBlank() && !value.equals("null") && !value.equals("undefined");
    }

    /** Case-insensitive (RFC 6749 section 5.1); a missing type is taken as Bearer, with a warning. */
    private static String normalizeTokenType(String tokenType) {
        if (tokenType == null || tokenType.isBlank()) {
            LOGGER.warning("A token response had no token_type; the token is taken as a Bearer token");
            return "Bearer";
        }
        return tokenType.equalsIgnoreCase("bearer") ? "Bearer" : tokenType;
    }

    /**
     * {@code expires_in} as a JSON number or a string of digits; anything else means unknown, as
     * does a value over about a hundred years, which could overflow when added to a time.
     */
    static Duration lifetime(String value) {
        if (value == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            // NaN fails both comparisons.
            return seconds >= 1 && seconds <= MAX_LIFETIME_SECONDS ? Duration.ofSeconds((long) seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code Retry-After} in seconds (HTTP dates are rare from token endpoints and ignored). */
    static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String withoutQuery(String location) {
        if (location == null) {
            return "?";
        }
        try {
            // Scheme, host, port and path only: a query or user info may carry credentials.
            URI uri = URI.create(location);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "?";
        }
    }
}
