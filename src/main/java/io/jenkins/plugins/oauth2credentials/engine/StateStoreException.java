package io.jenkins.plugins.oauth2credentials.engine;

/** The state of one credential could not be read or written; other credentials are unaffected. */
public final class StateStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
