package io.jenkins.plugins.oauth2credentials.engine;

import java.util.Locale;

/**
 * The OAuth 2.0 grants a credential can be configured with, with their RFC 6749 wire names.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4">RFC 6749 section 4</a>
 */
public enum GrantType {
    /** RFC 6749 section 4.4: the client acts on its own behalf. */
    CLIENT_CREDENTIALS("client_credentials"),
    /** RFC 6749 section 4.1, with PKCE (RFC 7636): an administrator authorizes in a browser. */
    AUTHORIZATION_CODE("authorization_code");

    /** The wire name of the refresh grant (RFC 6749 section 6); never configured directly. */
    public static final String REFRESH_TOKEN = "refresh_token";

    private final String wireName;

    GrantType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code grant_type} value sent to the token endpoint. */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a wire name ({@code client_credentials}) or an enum name, ignoring case.
     *
     * @throws IllegalArgumentException naming the value when it is no known grant
     */
    public static GrantType fromString(String value) {
        for (GrantType type : values()) {
            if (type.wireName.equalsIgnoreCase(value) || type.name().equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                EngineMessages.format("GrantType.unknown", String.valueOf(value).toLowerCase(Locale.ROOT)));
    }
}
