package io.jenkins.plugins.oauth2credentials.engine;

/**
 * One thing wrong with a client configuration, naming the form field it belongs to.
 *
 * @param field the field name, as the credential form names it (e.g. {@code tokenUrl})
 * @param message a sentence for an administrator; never contains a secret
 */
public record ConfigurationProblem(String field, String message) {}
