package io.jenkins.plugins.oauth2credentials.engine;

import java.util.Locale;
import java.util.Set;

/** What a failed token request means for the credential, and so whether and when to retry. */
public enum FailureKind {
    /** The network, the provider or its gateway failed: back off and retry; keep serving a valid token. */
    TRANSIENT,
    /** The refresh token or code is no longer valid: only a new authorization helps; stop retrying. */
    NEEDS_REAUTHORIZATION,
    /** The provider refuses the client or the request as configured: an administrator must fix it. */
    REJECTED;

    private static final Set<String> GRANT_REVOKED = Set.of(
            OAuthError.INVALID_GRANT, OAuthError.GITHUB_BAD_VERIFICATION_CODE, OAuthError.GITHUB_BAD_REFRESH_TOKEN);
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "server_error", "temporarily_unavailable", "slow_down");

    /** Classifies an OAuth error code, whatever HTTP status carried it. */
    static FailureKind ofError(String code, int httpStatus) {
        String normalized = code.toLowerCase(Locale.ROOT);
        if (GRANT_REVOKED.contains(normalized)) {
            return NEEDS_REAUTHORIZATION;
        }
        if (TRANSIENT_CODES.contains(normalized)) {
            return TRANSIENT;
        }
        return httpStatus >= 500 ? TRANSIENT : REJECTED;
    }

    /** Classifies an HTTP status that came without a readable OAuth error. */
    static FailureKind ofStatus(int httpStatus) {
        return httpStatus >= 500 || httpStatus == 429 || httpStatus == 408 || (httpStatus >= 200 && httpStatus < 300)
                ? TRANSIENT
                : REJECTED;
    }
}
