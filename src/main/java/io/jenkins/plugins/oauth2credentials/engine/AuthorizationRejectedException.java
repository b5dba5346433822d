package io.jenkins.plugins.oauth2credentials.engine;

/** A callback whose state does not match a pending authorization; no token request was made. */
public final class AuthorizationRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the callback was refused. */
    public enum Reason {
        /** No pending authorization has this state: forged, already used, or lost at a restart. */
        UNKNOWN_STATE,
        /** The authorization took longer than its lifetime. */
        EXPIRED,
        /** Another user started this authorization. */
        OTHER_USER,
        /** The state belongs to another credential. */
        OTHER_CREDENTIAL
    }

    private final Reason reason;
    private final String credentialKey;

    AuthorizationRejectedException(Reason reason, String credentialKey) {
        super(EngineMessages.format("AuthorizationRejectedException." + reason.name()));
        this.reason = reason;
        this.credentialKey = credentialKey;
    }

    public Reason reason() {
        return reason;
    }

    /** The credential the state was issued for, or null when the state is unknown. */
    public String credentialKey() {
        return credentialKey;
    }
}
