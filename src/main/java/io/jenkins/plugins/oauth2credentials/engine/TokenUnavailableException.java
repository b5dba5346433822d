package io.jenkins.plugins.oauth2credentials.engine;

/**
 * No usable access token can be handed out. The message names the credential and what an
 * administrator should do; it never contains a secret.
 */
public final class TokenUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final CredentialStatus status;

    TokenUnavailableException(CredentialStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The credential's status when the token was asked for. */
    public CredentialStatus status() {
        return status;
    }
}
