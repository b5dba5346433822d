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
import java.util.regex.Pattern;

/**
 * The request behind the form's "Test" button: one client credentials grant with the values in
 * the form. Reports the token type, lifetime and scope, or the provider's error; the token itself
 * is dropped at once and nothing is stored.
 *
 * <p>The token URL is whatever the user typed, loopback addresses included, so an answer that is
 * not a token response is never quoted: Test must not become a way to read pages that only the
 * controller can reach.
 */
final class ClientCredentialsCheck {
    private static final Logger LOGGER = Logger.getLogger(ClientCredentialsCheck.class.getName());
    /** A content type is short; a longer header is cut, so that it cannot carry a page either. */
    private static final int MAX_CONTENT_TYPE = 100;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\s]+");

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
            return FormValidation.error(failed(e));
        }
    }

    /** The failure; for an unreadable answer only its status and content type, never its body. */
    private static String failed(TokenEndpointException e) {
        if (e.bodyExcerpt() == null) {
            return Messages.OAuth2AccessTokenCredentialsImpl_testFailed(e.getMessage());
        }
        String contentType = e.contentType() == null ? null
                : CONTROL.matcher(e.contentType()).replaceAll(" ").strip();
        if (contentType == null || contentType.isEmpty()) {
            return Messages.OAuth2AccessTokenCredentialsImpl_testUnreadableAnswerUntyped(
                    Integer.toString(e.httpStatus()));
        }
        if (contentType.length() > MAX_CONTENT_TYPE) {
            contentType = contentType.substring(0, MAX_CONTENT_TYPE) + "\u2026";
        }
        return Messages.OAuth2AccessTokenCredentialsImpl_testUnreadableAnswer(
                Integer.toString(e.httpStatus()), contentType);
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
