package io.jenkins.plugins.oauth2credentials.engine;

/**
 * How the client proves its identity to the token endpoint, named as in the OAuth dynamic
 * client registration registry.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1">RFC 6749 section 2.3.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 section 2</a>
 */
public enum ClientAuthenticationMethod {
    /** HTTP Basic with the client ID and secret each form-encoded first, as section 2.3.1 requires. */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** {@code client_id} and {@code client_secret} in the request body. */
    CLIENT_SECRET_POST("client_secret_post"),
    /** A public client: only {@code client_id} in the body, no secret. */
    NONE("none");

    private final String wireName;

    ClientAuthenticationMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The registry name, e.g. {@code client_secret_basic}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a registry name or an enum name, ignoring case.
     *
     * @throws IllegalArgumentException naming the value when it is no known method
     */
    public static ClientAuthenticationMethod fromString(String value) {
        for (ClientAuthenticationMethod method : values()) {
            if (method.wireName.equalsIgnoreCase(value) || method.name().equalsIgnoreCase(value)) {
                return method;
            }
        }
        throw new IllegalArgumentException(
                EngineMessages.format("ClientAuthenticationMethod.unknown", String.valueOf(value)));
    }
}
