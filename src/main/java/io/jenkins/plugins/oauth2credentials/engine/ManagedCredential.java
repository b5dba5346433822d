package io.jenkins.plugins.oauth2credentials.engine;

/**
 * A credential as the {@link TokenManager} sees it.
 *
 * @param stateKey the random key its state is stored under; survives edits and moves
 * @param displayName how administrators know it (the credential ID), used in logs and messages
 * @param config its client configuration
 */
public record ManagedCredential(String stateKey, String displayName, ClientConfiguration config) {}
