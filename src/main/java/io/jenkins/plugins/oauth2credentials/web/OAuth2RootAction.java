package io.jenkins.plugins.oauth2credentials.web;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.RootAction;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code <root>/oauth2/}: the OAuth redirect endpoint that administrators register at providers
 * ({@code callback}), the start of an authorization ({@code authorize}), and each credential's
 * log page ({@code credential/<state key>/}). Hidden from the side panel.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class OAuth2RootAction implements RootAction {
    public static final String URL_NAME = "oauth2";

    @CheckForNull
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.OAuth2RootAction_displayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /**
     * {@code <root>/oauth2/} itself, which the breadcrumbs of the log and error pages link to:
     * the list of OAuth 2.0 credentials.
     */
    public HttpResponse doIndex() {
        return HttpResponses.redirectViaContextPath(OAuth2ManagementLink.URL_NAME + "/");
    }

    /** Starts an authorization for a credential and sends the browser to the provider. */
    @POST
    public HttpResponse doAuthorize(StaplerRequest2 req, @QueryParameter String stateKey) throws IOException {
        return AuthorizationFlow.authorize(req, stateKey);
    }

    /** Where the provider sends the browser back, with {@code code} and {@code state} or an {@code error}. */
    public HttpResponse doCallback(StaplerRequest2 req) throws IOException {
        return AuthorizationFlow.callback(req);
    }

    /** The log page of the credential with this state key; 404 when the user may not see it. */
    public CredentialLogPage getCredential(String stateKey) {
        return CredentialLogPage.forStateKey(stateKey);
    }
}
