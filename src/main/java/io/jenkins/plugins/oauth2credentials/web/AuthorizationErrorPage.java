package io.jenkins.plugins.oauth2credentials.web;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.oauth2credentials.engine.OAuthError;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The page shown when an authorization cannot start or does not end with tokens. Everything it
 * holds is safe to show: messages written by this plugin or the engine, and provider text that
 * was cleaned of the callback's state and code. It links to the credential's log page only when
 * the user may see the credential.
 */
@Restricted(NoExternalUse.class)
public final class AuthorizationErrorPage implements HttpResponse {
    private final int status;
    private final String title;
    private final String message;
    private final String error;
    private final String errorDescription;
    private final String credentialName;
    private final String stateKey;

    private AuthorizationErrorPage(int status, String title, String message,
            @CheckForNull OAuthError error, @CheckForNull StoredCredential credential) {
        this.status = status;
        this.title = title;
        this.message = message;
        this.error = error == null ? null : error.code();
        this.errorDescription = error == null ? null : error.description();
        this.credentialName = credential == null ? null : credential.displayName();
        this.stateKey = credential == null ? null : credential.credential().getStateKey();
    }

    /** The authorization was not started; the user stays in Jenkins. */
    static AuthorizationErrorPage notStarted(int status, String message,
            @CheckForNull StoredCredential credential) {
        return new AuthorizationErrorPage(status, Messages.AuthorizationFlow_title_notStarted(),
                message, null, credential);
    }

    /** The callback was refused before any token request. */
    static AuthorizationErrorPage refused(int status, String message,
            @CheckForNull StoredCredential credential) {
        return new AuthorizationErrorPage(status, Messages.AuthorizationFlow_title_refused(),
                message, null, credential);
    }

    /** The provider answered with an error, or the code could not be exchanged. */
    static AuthorizationErrorPage failed(int status, String message, @CheckForNull OAuthError error,
            @CheckForNull StoredCredential credential) {
        return new AuthorizationErrorPage(status, Messages.AuthorizationFlow_title_failed(),
                message, error, credential);
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        rsp.setStatus(status);
        rsp.setHeader("Cache-Control", "no-store");
        req.getView(this, "index.jelly").forward(req, rsp);
    }

    public int getStatus() {
        return status;
    }

    public String getTitle() {
        return title;
    }

    public String getMessage() {
        return message;
    }

    /** The OAuth error code, or null. */
    @CheckForNull
    public String getError() {
        return error;
    }

    /** The provider's description of the error, or null. */
    @CheckForNull
    public String getErrorDescription() {
        return errorDescription;
    }

    /** The credential's context and ID, or null when the page must not name it. */
    @CheckForNull
    public String getCredentialName() {
        return credentialName;
    }

    /** The credential's log page below the Jenkins root, or null when the page must not link it. */
    @CheckForNull
    public String getLogPagePath() {
        return stateKey == null ? null : CredentialLogPage.pathFor(stateKey);
    }
}
