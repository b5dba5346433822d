package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Instant;

/**
 * The last failure of a credential, kept with its state so that a build that cannot get a
 * token can say why.
 *
 * @param time when it happened
 * @param kind what it means for retrying
 * @param error the OAuth error code, or null
 * @param message a safe one-line account
 */
public record FailureSummary(Instant time, FailureKind kind, String error, String message) {}
