package io.jenkins.plugins.oauth2credentials.engine;

/**
 * Tells whether a credential is the only one that carries its state key. Asked only before the
 * {@link TokenManager} replaces state that another client identity obtained: a credential whose
 * client was edited may start afresh, but one that was given another credential's state key
 * (by hand-edited XML, say) must not wipe that credential's tokens.
 */
@FunctionalInterface
public interface StateKeyOwnership {
    /** Every credential owns its key alone: for callers that cannot share keys. */
    StateKeyOwnership EXCLUSIVE = credential -> true;

    /** Whether no other credential carries {@code credential}'s state key. */
    boolean isSoleHolder(ManagedCredential credential);
}
