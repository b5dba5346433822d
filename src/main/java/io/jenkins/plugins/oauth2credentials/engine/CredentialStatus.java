package io.jenkins.plugins.oauth2credentials.engine;

/** Where a credential stands, as the log page and the administrative monitor show it. */
public enum CredentialStatus {
    /** No token yet: client credentials not fetched, or authorization code not authorized. */
    NOT_AUTHORIZED,
    /** The last token request succeeded. */
    HEALTHY,
    /** The last token request failed; retried with backoff. A still-valid token is served. */
    FAILING,
    /** The provider revoked the grant ({@code invalid_grant}): an administrator must authorize again. */
    NEEDS_REAUTHORIZATION
}
