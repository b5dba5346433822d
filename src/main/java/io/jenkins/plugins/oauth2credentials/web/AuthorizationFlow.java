package io.jenkins.plugins.oauth2credentials.web;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.security.AccessDeniedException3;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRejectedException;
import io.jenkins.plugins.oauth2credentials.engine.AuthorizationRequest;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.engine.ProviderText;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2CredentialsIndex;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.springframework.security.core.Authentication;

/**
 * The browser part of the authorization code grant: {@code POST oauth2/authorize} sends the user
 * to the provider, {@code GET oauth2/callback} takes the provider's answer. The callback checks
 * the state before it looks at anything else, so a forged, replayed, expired or foreign answer
 * never reaches the token endpoint.
 *
 * <p>The redirect URI and the page the user lands on afterwards are built from the configured
 * Jenkins URL, never from the request, so that both stay right behind a reverse proxy. No
 * state, code or token is put into a URL, a page or a log line.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1">RFC 6749 section 4.1</a>
 */
@Restricted(NoExternalUse.class)
public final class AuthorizationFlow {
    private static final Logger LOGGER = Logger.getLogger(AuthorizationFlow.class.getName());

    private AuthorizationFlow() {}

    /**
     * Starts an authorization for the credential with this state key and redirects to the
     * provider. The caller has checked the crumb ({@code @POST}).
     *
     * @return the redirect, 404 when the credential is unknown or invisible to the user, or an
     *     error page when it cannot be authorized
     * @throws AccessDeniedException3 when the user may see the credential but not change it
     */
    public static HttpResponse authorize(StaplerRequest2 req, @CheckForNull String stateKey) {
        Authentication user = Jenkins.getAuthentication2();
        StoredCredential stored = find(stateKey).filter(found -> found.canView(user)).orElse(null);
        if (stored == null) {
            return HttpResponses.notFound();
        }
        if (!stored.canUpdate(user)) {
            throw new AccessDeniedException3(user, CredentialsProvider.UPDATE);
        }

        OAuth2AccessTokenCredentialsImpl credential = stored.credential();
        String name = stored.displayName();
        if (!credential.isAuthorizationCode()) {
            return AuthorizationErrorPage.notStarted(400,
                    Messages.AuthorizationFlow_notAuthorizationCode(name), stored);
        }
        String redirectUri = OAuth2TokenService.redirectUri();
        if (redirectUri == null) {
            return AuthorizationErrorPage.notStarted(409, Messages.AuthorizationFlow_noRootUrl(),
                    stored);
        }

        AuthorizationRequest request;
        try {
            ManagedCredential managed = credential.toManagedCredential();
            request = OAuth2TokenService.get().pendingAuthorizations()
                    .begin(managed.config(), credential.getStateKey(), user.getName(), redirectUri);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Engine and credential messages name fields and grants, never a secret.
            return AuthorizationErrorPage.notStarted(400,
                    Messages.AuthorizationFlow_cannotStart(name, e.getMessage()), stored);
        }
        LOGGER.log(Level.FINE, "User {0} started an authorization of credential {1}",
                new Object[] {user.getName(), name});
        return new SafeRedirect(request.authorizationUri().toString());
    }

    /**
     * Handles the provider's answer: {@code code} and {@code state}, or {@code error} (with
     * {@code error_description}) and {@code state}.
     */
    public static HttpResponse callback(StaplerRequest2 req) {
        String state = req.getParameter("state");
        String code = req.getParameter("code");
        String error = req.getParameter("error");
        Authentication user = Jenkins.getAuthentication2();

        if (state == null || state.isEmpty()) {
            LOGGER.log(Level.WARNING, "Refused an OAuth 2.0 callback without a state (user {0})",
                    user.getName());
            return AuthorizationErrorPage.refused(400, Messages.AuthorizationFlow_noState(), null);
        }
        OAuth2TokenService service = OAuth2TokenService.get();
        AuthorizationRequest request;
        try {
            // The callback URL is the same for every credential: the state alone says which.
            request = service.pendingAuthorizations().redeem(state, user.getName(), null);
        } catch (AuthorizationRejectedException e) {
            return rejected(e, user);
        }

        StoredCredential stored = find(request.credentialKey()).orElse(null);
        if (stored == null) {
            LOGGER.log(Level.WARNING, "Refused an OAuth 2.0 callback: its credential was deleted");
            return AuthorizationErrorPage.refused(404, Messages.AuthorizationFlow_credentialGone(),
                    null);
        }
        ManagedCredential managed;
        try {
            managed = stored.credential().toManagedCredential();
        } catch (IllegalStateException e) {
            return AuthorizationErrorPage.failed(500, e.getMessage(), null, stored);
        }
        if (!stored.canUpdate(user)) {
            String message =
                    Messages.AuthorizationFlow_noPermission(user.getName(), stored.displayName());
            record(managed, null, message);
            return AuthorizationErrorPage.refused(403, message,
                    stored.canView(user) ? stored : null);
        }

        // The code and state are single use and already spent, but a provider could echo them.
        ProviderText text = new ProviderText(state, code);
        if (error != null) {
            OAuthError providerError = new OAuthError(text.errorCode(error, "invalid_callback"),
                    text.description(req.getParameter("error_description")),
                    text.uri(req.getParameter("error_uri")));
            String message = OAuthError.ACCESS_DENIED.equals(providerError.code())
                    ? Messages.AuthorizationFlow_accessDenied()
                    : Messages.AuthorizationFlow_providerError(providerError.code());
            record(managed, providerError, message);
            return AuthorizationErrorPage.failed(400, message, providerError, stored);
        }
        if (code == null || code.isEmpty()) {
            String message = Messages.AuthorizationFlow_noCode();
            record(managed, null, message);
            return AuthorizationErrorPage.failed(400, message, null, stored);
        }

        try {
            service.tokenManager().completeAuthorization(managed, request, SecretValue.of(code));
        } catch (TokenEndpointException e) {
            // Already in the credential's log and the Jenkins log; the message is safe to show.
            String message = Messages.AuthorizationFlow_exchangeFailed(e.getMessage());
            return AuthorizationErrorPage.failed(400, message, e.oauthError(), stored);
        } catch (StateStoreException e) {
            LOGGER.log(Level.WARNING, "Could not store the tokens of " + stored.displayName(), e);
            return AuthorizationErrorPage.failed(500,
                    Messages.AuthorizationFlow_storeFailed(e.getMessage()), null, stored);
        }
        ReauthorizationMonitor.invalidate();
        LOGGER.log(Level.INFO, "Credential {0} was authorized by user {1}",
                new Object[] {stored.displayName(), user.getName()});
        String logPage = logPageUrl(stored.credential().getStateKey());
        return new SafeRedirect(logPage + "?" + CredentialLogPage.AUTHORIZED_PARAMETER);
    }

    /**
     * The log page of a credential: absolute from the configured Jenkins URL, or relative to the
     * callback ({@code <root>/oauth2/callback}) when none is configured.
     */
    static String logPageUrl(String stateKey) {
        String path = CredentialLogPage.pathFor(stateKey);
        String absolute = OAuth2TokenService.absoluteUrl(path);
        return absolute != null ? absolute : path.substring(OAuth2RootAction.URL_NAME.length() + 1);
    }

    private static HttpResponse rejected(AuthorizationRejectedException e, Authentication user) {
        AuthorizationRejectedException.Reason reason = e.reason();
        StoredCredential stored = find(e.credentialKey()).orElse(null);
        if (stored == null) {
            // Only the reason: the state value itself must never reach a log.
            LOGGER.log(Level.WARNING,
                    "Refused an OAuth 2.0 callback ({0}) in the session of user {1}",
                    new Object[] {reason, user.getName()});
        } else {
            LOGGER.log(Level.FINE,
                    "Refused an OAuth 2.0 callback for credential {0} ({1}) from user {2}",
                    new Object[] {stored.displayName(), reason, user.getName()});
            try {
                record(stored.credential().toManagedCredential(), null,
                        Messages.AuthorizationFlow_rejectedLog(user.getName(), e.getMessage()));
            } catch (IllegalStateException invalid) {
                LOGGER.log(Level.WARNING,
                        "Could not record a refused callback for credential {0}: {1}",
                        new Object[] {stored.displayName(), invalid.getMessage()});
            }
        }
        boolean foreign = reason == AuthorizationRejectedException.Reason.OTHER_USER
                || reason == AuthorizationRejectedException.Reason.OTHER_CREDENTIAL;
        // Someone else's authorization: the page names no credential and links nowhere.
        StoredCredential shown = null;
        if (!foreign && stored != null && stored.canView(user)) {
            shown = stored;
        }
        return AuthorizationErrorPage.refused(foreign ? 403 : 400,
                Messages.AuthorizationFlow_rejected(e.getMessage()), shown);
    }

    /** Writes an authorization that ended without tokens into the credential's refresh log. */
    private static void record(ManagedCredential managed, @CheckForNull OAuthError error,
            String message) {
        try {
            OAuth2TokenService.get().tokenManager()
                    .recordAuthorizationFailure(managed, error, message);
        } catch (StateStoreException e) {
            LOGGER.log(Level.WARNING, "Could not record a failed authorization of credential "
                    + managed.displayName(), e);
        }
    }

    private static Optional<StoredCredential> find(@CheckForNull String stateKey) {
        return stateKey == null || stateKey.isEmpty()
                ? Optional.empty()
                : OAuth2CredentialsIndex.byStateKey(stateKey);
    }

    /**
     * A 302 redirect whose response also tells the browser not to send the callback URL, with
     * its code and state, as a referrer anywhere.
     */
    private static final class SafeRedirect implements HttpResponse {
        private final String url;

        SafeRedirect(String url) {
            this.url = url;
        }

        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                throws IOException {
            rsp.setHeader("Referrer-Policy", "no-referrer");
            rsp.setHeader("Cache-Control", "no-store");
            rsp.sendRedirect(HttpServletResponse.SC_FOUND, url);
        }
    }
}
