package io.jenkins.plugins.oauth2credentials.binding;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessToken;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessTokenCredentials;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.credentialsbinding.BindingDescriptor;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * Binds the current access token of an OAuth 2.0 credential to an environment variable:
 * {@code withCredentials([oauth2AccessToken(credentialsId: 'api', variable: 'TOKEN')])} in a
 * pipeline, "Use secret text(s) or file(s)" in a freestyle job.
 *
 * <p>The token is obtained on the controller, through the token engine, and refreshed first
 * when it would expire within the {@linkplain #getMinValiditySeconds() minimum validity}, so
 * that a build never starts with a token that is about to expire. Like every bound secret it is
 * masked in the build log. The token type and expiry can be bound too; they are not secret.
 */
public final class OAuth2AccessTokenBinding extends MultiBinding<OAuth2AccessTokenCredentials> {
    /** How long a bound token stays valid at least, unless a binding asks for another margin. */
    public static final int DEFAULT_MIN_VALIDITY_SECONDS = 300;

    private static final Logger LOGGER = Logger.getLogger(OAuth2AccessTokenBinding.class.getName());

    private final String variable;
    @CheckForNull
    private String tokenTypeVariable;
    @CheckForNull
    private String expiresAtVariable;
    /** Null means the default, also for bindings saved before the field existed. */
    @CheckForNull
    private Integer minValiditySeconds;

    @DataBoundConstructor
    public OAuth2AccessTokenBinding(String variable, String credentialsId) {
        super(credentialsId);
        this.variable = Util.fixEmptyAndTrim(variable);
    }

    /** The variable that receives the access token (secret). */
    public String getVariable() {
        return variable;
    }

    /** The variable that receives the token type, such as {@code Bearer}; null for none. */
    @CheckForNull
    public String getTokenTypeVariable() {
        return tokenTypeVariable;
    }

    @DataBoundSetter
    public void setTokenTypeVariable(@CheckForNull String tokenTypeVariable) {
        this.tokenTypeVariable = Util.fixEmptyAndTrim(tokenTypeVariable);
    }

    /**
     * The variable that receives the token's expiry as an ISO-8601 UTC time, such as
     * {@code 2030-01-31T12:00:00Z}, or an empty value when the provider did not say; null for none.
     */
    @CheckForNull
    public String getExpiresAtVariable() {
        return expiresAtVariable;
    }

    @DataBoundSetter
    public void setExpiresAtVariable(@CheckForNull String expiresAtVariable) {
        this.expiresAtVariable = Util.fixEmptyAndTrim(expiresAtVariable);
    }

    /**
     * How many seconds the bound token must stay valid at least; a token closer to its expiry is
     * refreshed first.
     */
    public int getMinValiditySeconds() {
        return minValiditySeconds == null ? DEFAULT_MIN_VALIDITY_SECONDS : minValiditySeconds;
    }

    /**
     * @throws IllegalArgumentException for a negative value, so that a pipeline reports it
     */
    @DataBoundSetter
    public void setMinValiditySeconds(int minValiditySeconds) {
        if (minValiditySeconds < 0) {
            throw new IllegalArgumentException(
                    Messages.OAuth2AccessTokenBinding_negativeMinValidity());
        }
        this.minValiditySeconds =
                minValiditySeconds == DEFAULT_MIN_VALIDITY_SECONDS ? null : minValiditySeconds;
    }

    @Override
    protected Class<OAuth2AccessTokenCredentials> type() {
        return OAuth2AccessTokenCredentials.class;
    }

    @Override
    public MultiEnvironment bind(@NonNull Run<?, ?> build, @Nullable FilePath workspace,
            @Nullable Launcher launcher, @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        checkVariables();
        OAuth2AccessTokenCredentials credentials = getCredentials(build);

        OAuth2AccessToken token;
        try {
            token = credentials.getAccessToken(Duration.ofSeconds(getMinValiditySeconds()));
        } catch (TokenUnavailableException e) {
            // The engine's message names the credential and what to do; a stack trace adds nothing.
            LOGGER.log(Level.FINE, "No access token for credential {0} in {1} ({2})",
                    new Object[] {getCredentialsId(), build.getExternalizableId(), e.status()});
            throw unavailable(e.getMessage());
        } catch (IllegalStateException e) {
            // A stored configuration that no longer validates; the message says which field.
            throw unavailable(e.getMessage());
        }

        Map<String, String> secretValues = Map.of(variable, token.getToken().getPlainText());
        Map<String, String> publicValues = new LinkedHashMap<>();
        if (tokenTypeVariable != null) {
            publicValues.put(tokenTypeVariable, token.getTokenType());
        }
        String expiry = formatExpiry(token.getExpiresAt());
        if (expiresAtVariable != null) {
            publicValues.put(expiresAtVariable, expiry);
        }
        listener.getLogger().println(expiry.isEmpty()
                ? Messages.OAuth2AccessTokenBinding_boundNoExpiry(getCredentialsId())
                : Messages.OAuth2AccessTokenBinding_bound(getCredentialsId(), expiry));
        return new MultiEnvironment(secretValues, publicValues);
    }

    /** Only the token is secret: the type and expiry are published as plain values. */
    @Override
    public Set<String> variables(@NonNull Run<?, ?> build) {
        return variable == null ? Set.of() : Set.of(variable);
    }

    /** Rejects a missing token variable and a variable used twice, before any token is fetched. */
    private void checkVariables() throws AbortException {
        if (variable == null) {
            throw new AbortException(Messages.OAuth2AccessTokenBinding_variableRequired());
        }
        if (variable.equals(tokenTypeVariable) || variable.equals(expiresAtVariable)
                || (tokenTypeVariable != null && tokenTypeVariable.equals(expiresAtVariable))) {
            throw new AbortException(Messages.OAuth2AccessTokenBinding_duplicateVariable());
        }
    }

    private AbortException unavailable(String reason) {
        return new AbortException(
                Messages.OAuth2AccessTokenBinding_unavailable(getCredentialsId(), reason));
    }

    static String formatExpiry(@CheckForNull Instant expiresAt) {
        return expiresAt == null ? "" : expiresAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The "OAuth 2.0 access token" binding of {@code withCredentials} and of freestyle jobs. */
    @Symbol("oauth2AccessToken")
    @Extension
    public static final class DescriptorImpl
            extends BindingDescriptor<OAuth2AccessTokenCredentials> {

        @Override
        protected Class<OAuth2AccessTokenCredentials> type() {
            return OAuth2AccessTokenCredentials.class;
        }

        /** The token comes from the controller; nothing is written to the workspace. */
        @Override
        public boolean requiresWorkspace() {
            return false;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OAuth2AccessTokenBinding_displayName();
        }

        // Syntax checks only: they read no state and reach no network, so they need no POST.

        public FormValidation doCheckVariable(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error(Messages.OAuth2AccessTokenBinding_variableRequired())
                    : FormValidation.ok();
        }

        public FormValidation doCheckMinValiditySeconds(@QueryParameter String value) {
            String text = Util.fixEmptyAndTrim(value);
            if (text == null) {
                return FormValidation.ok();
            }
            FormValidation invalid =
                    FormValidation.error(Messages.OAuth2AccessTokenBinding_negativeMinValidity());
            try {
                return Integer.parseInt(text) >= 0 ? FormValidation.ok() : invalid;
            } catch (NumberFormatException e) {
                return invalid;
            }
        }
    }
}
