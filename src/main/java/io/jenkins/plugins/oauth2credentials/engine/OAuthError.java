package io.jenkins.plugins.oauth2credentials.engine;

/**
 * An OAuth error response: the {@code error} code with its optional description and URI.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749 section 5.2</a>
 */
public record OAuthError(String code, String description, String uri) {
    /** RFC 6749 section 5.2: the grant (code or refresh token) is invalid, expired or revoked. */
    public static final String INVALID_GRANT = "invalid_grant";
    /** RFC 6749 section 5.2: client authentication failed. */
    public static final String INVALID_CLIENT = "invalid_client";
    /** RFC 6749 section 5.2: this client may not use this grant. */
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    /** RFC 6749 section 4.1.2.1: the resource owner refused. */
    public static final String ACCESS_DENIED = "access_denied";
    /** GitHub's {@code invalid_grant} for authorization codes, sent inside HTTP 200. */
    public static final String GITHUB_BAD_VERIFICATION_CODE = "bad_verification_code";
    /** GitHub's {@code invalid_grant} for refresh tokens, sent inside HTTP 200. */
    public static final String GITHUB_BAD_REFRESH_TOKEN = "bad_refresh_token";
    /** GitHub's {@code invalid_client}. */
    public static final String GITHUB_INCORRECT_CLIENT_CREDENTIALS = "incorrect_client_credentials";

    /** "code: description", or the code alone. */
    public String summary() {
        return description == null || description.isBlank() ? code : code + ": " + description;
    }
}
