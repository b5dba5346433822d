package io.jenkins.plugins.oauth2credentials.impl;

import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenResponse;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The request behind the form's "Test" button: one client credentials grant with the values in
 * the form. Reports the token type, lifetime and scope, or the provider's error; the token itself
 * is dropped at once and nothing is stored.
 */
final class ClientCredentialsCheck {
    private static final Logger LOGGER = Logger.getLogger(ClientCredentialsCheck.class.getName());

    private ClientCredentialsCheck() {}

    static FormValidation run(ClientConfiguration config) {
        long started = System.nanoTime();
        try {
            TokenResponse response = OAuth2TokenService.get().tokenEndpointClient().clientCredentials(config);
            LOGGER.log(Level.FINE, "Test of the token endpoint at {0} succeeded in {1} ms",
                    new Object[] {config.tokenUrl().getHost(), millisSince(started)});
            return FormValidation.ok(succeeded(response));
        } catch (TokenEndpointException e) {
            LOGGER.log(Level.FINE, "Test of the token endpoint at {0} failed in {1} ms ({2}, HTTP {3})",
                    new Object[] {config.tokenUrl().getHost(), millisSince(started), e.kind(), e.httpStatus()});
            return FormValidation.error(Messages.OAuth2AccessTokenCredentialsImpl_testFailed(e.getMessage()));
        }
    }

    private static String succeeded(TokenResponse response) {
        String lifetime = response.expiresIn() == null
                ? Messages.OAuth2AccessTokenCredentialsImpl_testLifetimeUnknown()
                : Util.getTimeSpanString(response.expiresIn().toMillis());
        String type = response.tokenType();
        return response.scope() == null
                ? Messages.OAuth2AccessTokenCredentialsImpl_testSucceeded(type, lifetime)
                : Messages.OAuth2AccessTokenCredentialsImpl_testSucceededWithScope(type, lifetime, response.scope());
    }

    private static long millisSince(long nanoStart) {
        return Duration.ofNanos(System.nanoTime() - nanoStart).toMillis();
    }
}
