package io.jenkins.plugins.oauth2credentials.impl;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStoreAction;
import com.cloudbees.plugins.credentials.UserCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ModelObject;
import hudson.remoting.Channel;
import hudson.security.AccessControlled;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessToken;
import io.jenkins.plugins.oauth2credentials.OAuth2AccessTokenCredentials;
import io.jenkins.plugins.oauth2credentials.engine.ClientAuthenticationMethod;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.ConfigurationProblem;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.ExtraParameters;
import io.jenkins.plugins.oauth2credentials.engine.GrantType;
import io.jenkins.plugins.oauth2credentials.engine.InvalidConfigurationException;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RandomTokens;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenUnavailableException;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2CredentialsIndex;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import io.jenkins.plugins.oauth2credentials.web.CredentialLogPage;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;

/**
 * The "OAuth 2.0" credential: the configuration of an OAuth 2.0 client. Like every credential
 * it is immutable; the tokens it obtains live in the plugin's token store under its
 * {@linkplain #getStateKey() state key}, so refreshing never rewrites {@code credentials.xml}.
 */
public final class OAuth2AccessTokenCredentialsImpl extends BaseStandardCredentials
        implements OAuth2AccessTokenCredentials {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER =
            Logger.getLogger(OAuth2AccessTokenCredentialsImpl.class.getName());

    private final String clientId;
    /** Not final only so that {@link #readResolve()} can repair XML that lacks it. */
    private Secret clientSecret;
    private final String scopes;
    private final String grantType;
    private final String authorizationUrl;
    private final String tokenUrl;
    private final String clientAuthenticationMethod;
    private final String authorizationParameters;
    private final String tokenParameters;
    private final String scopeSeparator;
    /** The key of this credential's token state; random, kept across edits and moves. */
    private String stateKey;

    private transient volatile ManagedCredential managed;

    @DataBoundConstructor
    public OAuth2AccessTokenCredentialsImpl(@CheckForNull CredentialsScope scope, @CheckForNull String id,
            @CheckForNull String description, String clientId, Secret clientSecret, String scopes, String grantType,
            String authorizationUrl, String tokenUrl, String clientAuthenticationMethod,
            String authorizationParameters, String tokenParameters, String scopeSeparator)
            throws Descriptor.FormException {
        super(scope, id, description);
        this.clientId = Util.fixNull(clientId).strip();
        this.clientSecret = clientSecret == null ? Secret.fromString("") : clientSecret;
        this.scopes = Util.fixNull(scopes).strip();
        this.grantType = Util.fixEmptyAndTrim(grantType) == null
                ? GrantType.CLIENT_CREDENTIALS.wireName() : grantType.strip();
        this.authorizationUrl = Util.fixNull(authorizationUrl).strip();
        this.tokenUrl = Util.fixNull(tokenUrl).strip();
        this.clientAuthenticationMethod = Util.fixEmptyAndTrim(clientAuthenticationMethod) == null
                ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC.wireName() : clientAuthenticationMethod.strip();
        this.authorizationParameters = Util.fixNull(authorizationParameters);
        this.tokenParameters = Util.fixNull(tokenParameters);
        this.scopeSeparator = ",".equals(scopeSeparator) ? "," : " ";
        this.stateKey = RandomTokens.newStateKey();
        // Validates every field now, so a bad value is reported on its form field and never stored.
        this.managed = new ManagedCredential(stateKey, getId(), buildConfiguration());
    }

    public String getClientId() {
        return clientId;
    }

    public Secret getClientSecret() {
        return clientSecret;
    }

    public String getScopes() {
        return scopes;
    }

    public String getGrantType() {
        return grantType;
    }

    public String getAuthorizationUrl() {
        return authorizationUrl;
    }

    public String getTokenUrl() {
        return tokenUrl;
    }

    public String getClientAuthenticationMethod() {
        return clientAuthenticationMethod;
    }

    public String getAuthorizationParameters() {
        return authorizationParameters;
    }

    public String getTokenParameters() {
        return tokenParameters;
    }

    public String getScopeSeparator() {
        return scopeSeparator;
    }

    /** The key of this credential's token state in the plugin's token store. */
    @NonNull
    public String getStateKey() {
        return stateKey;
    }

    /**
     * Keeps an existing state key, for configuration as code that carries one. A web form cannot
     * set it: {@link DescriptorImpl#newInstance(StaplerRequest2, JSONObject)} replaces whatever a
     * form carried with the key of the credential being edited, or a new one.
     */
    @DataBoundSetter
    public void setStateKey(String stateKey) {
        if (stateKey == null || stateKey.isEmpty()) {
            return;
        }
        if (!RandomTokens.isStateKey(stateKey)) {
            // Silently replacing it would cost an authorization_code credential its tokens at every reload.
            throw new IllegalArgumentException(Messages.OAuth2AccessTokenCredentialsImpl_invalidStateKey());
        }
        this.stateKey = stateKey;
        this.managed = null;
    }

    /** Whether this credential is authorized in a browser ({@code authorization_code}). */
    public boolean isAuthorizationCode() {
        return GrantType.AUTHORIZATION_CODE.wireName().equals(grantType);
    }

    /** This credential as the engine sees it; built once per instance. */
    @NonNull
    public ManagedCredential toManagedCredential() {
        ManagedCredential current = managed;
        if (current == null) {
            try {
                current = new ManagedCredential(stateKey, getId(), buildConfiguration());
            } catch (Descriptor.FormException e) {
                // Only reachable for XML edited by hand: constructor validation guards every other path.
                throw new IllegalStateException(Messages.OAuth2AccessTokenCredentialsImpl_invalidStored(getId(),
                        e.getMessage()), e);
            }
            managed = current;
        }
        return current;
    }

    @NonNull
    @Override
    public OAuth2AccessToken getAccessToken(@NonNull Duration minValidity) throws TokenUnavailableException {
        TokenSet tokens = OAuth2TokenService.get().tokenManager().accessToken(toManagedCredential(), minValidity);
        return new OAuth2AccessToken(Secret.fromString(tokens.accessToken().reveal()), tokens.tokenType(),
                tokens.expiresAt());
    }

    /**
     * The current access token, refreshed first when stale.
     *
     * @throws IllegalStateException naming the credential and what to do, when there is no valid
     *     token; this interface cannot throw a checked exception
     */
    @NonNull
    @Override
    public Secret getSecret() {
        try {
            return getAccessToken(Duration.ZERO).getToken();
        } catch (TokenUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private ClientConfiguration buildConfiguration() throws Descriptor.FormException {
        GrantType grant;
        ClientAuthenticationMethod method;
        try {
            grant = GrantType.fromString(grantType);
        } catch (IllegalArgumentException e) {
            throw new Descriptor.FormException(e.getMessage(), ClientConfiguration.FIELD_GRANT_TYPE);
        }
        try {
            method = ClientAuthenticationMethod.fromString(clientAuthenticationMethod);
        } catch (IllegalArgumentException e) {
            throw new Descriptor.FormException(e.getMessage(), ClientConfiguration.FIELD_AUTHENTICATION_METHOD);
        }
        try {
            return ClientConfiguration.builder()
                    .clientId(clientId)
                    .clientSecret(SecretValue.ofNullable(clientSecret.getPlainText()))
                    .scopes(scopes)
                    .scopeSeparator(scopeSeparator)
                    .grantType(grant)
                    .authorizationUrl(authorizationUrl)
                    .tokenUrl(tokenUrl)
                    .authenticationMethod(method)
                    .authorizationParameters(ExtraParameters.parse(authorizationParameters, "authorizationParameters"))
                    .tokenParameters(ExtraParameters.parse(tokenParameters, "tokenParameters"))
                    .build();
        } catch (InvalidConfigurationException e) {
            throw new Descriptor.FormException(e.getMessage(), e.field());
        }
    }

    /**
     * Sent over a remoting channel, this credential becomes its agent-safe snapshot (the current
     * access token only), even when a caller forgot {@link CredentialsProvider#snapshot}: an agent
     * never receives the client secret, a refresh token or the state key. Saved on the
     * controller (no channel), it stays itself.
     */
    private Object writeReplace() {
        return Channel.current() == null ? this
                : CredentialsProvider.snapshot(OAuth2AccessTokenCredentials.class, this);
    }

    /**
     * Repairs what XML written by hand or by other tools may hold, since XML bypasses the
     * constructor's validation: a missing secret becomes empty (the configuration is then
     * reported as invalid where it is used), and a state key the token store would refuse
     * becomes a new random one.
     */
    @Serial
    private Object readResolve() {
        managed = null;
        if (clientSecret == null) {
            clientSecret = Secret.fromString("");
        }
        if (stateKey == null) {
            stateKey = RandomTokens.newStateKey();
        } else if (!RandomTokens.isStateKey(stateKey)) {
            LOGGER.log(Level.WARNING, "Credential {0} had an invalid state key; it was given a new "
                    + "one, so its tokens must be obtained again", getId());
            stateKey = RandomTokens.newStateKey();
        }
        return this;
    }

    /** The "OAuth 2.0" entry of the credentials UI. */
    @Extension
    @Symbol("oauth2")
    public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OAuth2AccessTokenCredentialsImpl_displayName();
        }

        @Override
        public String getIconClassName() {
            return "symbol-key";
        }

        /**
         * Binds the form. The state key never comes from the form: an edit keeps the key of the
         * credential being edited, a new credential gets a new random key, so that nobody can
         * create a credential that reads or overwrites another one's tokens.
         */
        @Override
        public Credentials newInstance(@CheckForNull StaplerRequest2 req, @NonNull JSONObject formData)
                throws FormException {
            Credentials created = super.newInstance(req, formData);
            if (!(created instanceof OAuth2AccessTokenCredentialsImpl credential)) {
                return created;
            }
            OAuth2AccessTokenCredentialsImpl bound = keepStateKey(credential, req);
            if (!bound.isAuthorizationCode()) {
                FirstTokenOnSave.fetch(bound.getStateKey());
            }
            return bound;
        }

        /**
         * Not offered in per-user stores: the periodic refresh, the log page and the state sweep
         * see the system store and folder stores only, so a per-user credential would never be
         * refreshed and its tokens would be swept away.
         */
        @Override
        public boolean isApplicable(CredentialsProvider provider) {
            return !(provider instanceof UserCredentialsProvider);
        }

        /**
         * The redirect URL to register at the provider, from the configured Jenkins root URL
         * (never from the request); null when no root URL is configured.
         */
        @CheckForNull
        public String getRedirectUrl() {
            return OAuth2TokenService.redirectUri();
        }

        /**
         * The status of the credential the form edits, as its log page names it; null for a new
         * one. Takes any object because the form's {@code instance} is untyped.
         */
        @CheckForNull
        @Restricted(NoExternalUse.class)
        public String statusOf(@CheckForNull Object instance) {
            if (!(instance instanceof OAuth2AccessTokenCredentialsImpl credential)) {
                return null;
            }
            try {
                TokenManager manager = OAuth2TokenService.get().tokenManager();
                CredentialStatus status = manager.state(credential.getStateKey()).status();
                return CredentialLogPage.statusLabel(status);
            } catch (StateStoreException | RuntimeException e) {
                // The form must open even when the stored state of this credential is broken.
                LOGGER.log(Level.FINE, "Cannot read the token state of credential {0}: {1}",
                        new Object[] {credential.getId(), e.getMessage()});
                return Messages.OAuth2AccessTokenCredentialsImpl_statusUnreadable();
            }
        }

        /** The path of the edited credential's log page, relative to the root URL; null if new. */
        @CheckForNull
        @Restricted(NoExternalUse.class)
        public String logPagePath(@CheckForNull Object instance) {
            return instance instanceof OAuth2AccessTokenCredentialsImpl credential
                    ? CredentialLogPage.pathFor(credential.getStateKey()) : null;
        }

        /**
         * The "Test" button: runs the client credentials grant with the values in the form (the
         * same validation as saving) and reports the outcome. The token itself is never shown; it
         * is dropped at once and nothing is stored. POST only, and only for users who may create
         * or update credentials where the form is shown (a folder, or Jenkins itself).
         *
         * <p>An edit form holds the stored secret encrypted. Such a value is used only when a
         * credential in this context's own store, which the user may update, has that secret with
         * the same client ID and token URL: otherwise the button would decrypt any encrypted value
         * a user pastes and send it to a URL of their choosing. The button is posted to the
         * nearest {@link hudson.model.DescriptorByNameOwner} (the folder, or Jenkins), so the
         * credential being edited is not known here.
         */
        @POST
        public FormValidation doTestConnection(@AncestorInPath @CheckForNull Item context,
                @QueryParameter String grantType, @QueryParameter String clientId,
                @QueryParameter String clientSecret, @QueryParameter String scopes,
                @QueryParameter String authorizationUrl, @QueryParameter String tokenUrl,
                @QueryParameter String clientAuthenticationMethod,
                @QueryParameter String authorizationParameters,
                @QueryParameter String tokenParameters, @QueryParameter String scopeSeparator) {
            AccessControlled target = context == null ? Jenkins.get() : context;
            target.checkAnyPermission(CredentialsProvider.CREATE, CredentialsProvider.UPDATE);

            OAuth2AccessTokenCredentialsImpl submitted;
            try {
                // A throwaway credential, so that Test applies exactly the checks that saving does.
                submitted = new OAuth2AccessTokenCredentialsImpl(null, null, null, clientId,
                        Secret.fromString(clientSecret), scopes, grantType, authorizationUrl,
                        tokenUrl, clientAuthenticationMethod, authorizationParameters,
                        tokenParameters, scopeSeparator);
            } catch (FormException e) {
                return FormValidation.error(e.getMessage());
            }
            ClientConfiguration config = submitted.toManagedCredential().config();
            if (config.grantType() != GrantType.CLIENT_CREDENTIALS) {
                return FormValidation.ok(
                        Messages.OAuth2AccessTokenCredentialsImpl_testAuthorizationCode());
            }
            if (Secret.decrypt(clientSecret) != null
                    && !isStoredSecret(context == null ? Jenkins.get() : context, submitted)) {
                return FormValidation.error(
                        Messages.OAuth2AccessTokenCredentialsImpl_testReenterSecret());
            }

            return ClientCredentialsCheck.run(config);
        }

        /**
         * Whether a credential in the context's own store, which the current user may update,
         * has the submitted secret, client ID and token URL: only then may Test use a secret
         * that arrived encrypted.
         */
        private static boolean isStoredSecret(ModelObject context,
                OAuth2AccessTokenCredentialsImpl submitted) {
            Authentication user = Jenkins.getAuthentication2();
            byte[] secret = plainBytes(submitted.getClientSecret());
            for (StoredCredential stored : OAuth2CredentialsIndex.inContext(context)) {
                OAuth2AccessTokenCredentialsImpl candidate = stored.credential();
                if (candidate.getClientId().equals(submitted.getClientId())
                        && candidate.getTokenUrl().equals(submitted.getTokenUrl())
                        && MessageDigest.isEqual(secret, plainBytes(candidate.getClientSecret()))
                        && stored.canUpdate(user)) {
                    return true;
                }
            }
            return false;
        }

        private static byte[] plainBytes(Secret secret) {
            return secret.getPlainText().getBytes(StandardCharsets.UTF_8);
        }

        public ListBoxModel doFillGrantTypeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.OAuth2AccessTokenCredentialsImpl_grant_clientCredentials(),
                    GrantType.CLIENT_CREDENTIALS.wireName());
            items.add(Messages.OAuth2AccessTokenCredentialsImpl_grant_authorizationCode(),
                    GrantType.AUTHORIZATION_CODE.wireName());
            return items;
        }

        public ListBoxModel doFillClientAuthenticationMethodItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.OAuth2AccessTokenCredentialsImpl_auth_basic(),
                    ClientAuthenticationMethod.CLIENT_SECRET_BASIC.wireName());
            items.add(Messages.OAuth2AccessTokenCredentialsImpl_auth_post(),
                    ClientAuthenticationMethod.CLIENT_SECRET_POST.wireName());
            items.add(Messages.OAuth2AccessTokenCredentialsImpl_auth_none(),
                    ClientAuthenticationMethod.NONE.wireName());
            return items;
        }

        public ListBoxModel doFillScopeSeparatorItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.OAuth2AccessTokenCredentialsImpl_separator_space(), " ");
            items.add(Messages.OAuth2AccessTokenCredentialsImpl_separator_comma(), ",");
            return items;
        }

        // Syntax checks only: they read no state and reach no network, so they need no POST.

        public FormValidation doCheckClientId(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error(Messages.OAuth2AccessTokenCredentialsImpl_clientIdRequired())
                    : FormValidation.ok();
        }

        public FormValidation doCheckTokenUrl(@QueryParameter String value) {
            return endpoint(ClientConfiguration.FIELD_TOKEN_URL, value);
        }

        public FormValidation doCheckAuthorizationUrl(@QueryParameter String value, @QueryParameter String grantType) {
            if (!GrantType.AUTHORIZATION_CODE.wireName().equals(grantType) && Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            return endpoint(ClientConfiguration.FIELD_AUTHORIZATION_URL, value);
        }

        public FormValidation doCheckAuthorizationParameters(@QueryParameter String value) {
            return parameters(value, "authorizationParameters");
        }

        public FormValidation doCheckTokenParameters(@QueryParameter String value) {
            return parameters(value, "tokenParameters");
        }

        private static FormValidation endpoint(String field, String value) {
            ConfigurationProblem problem = ClientConfiguration.checkEndpoint(field, value);
            return problem == null ? FormValidation.ok() : FormValidation.error(problem.message());
        }

        private static FormValidation parameters(String value, String field) {
            try {
                ExtraParameters.parse(value, field);
                return FormValidation.ok();
            } catch (InvalidConfigurationException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }

    /**
     * Gives a credential bound from a form the state key of the credential being edited, so an
     * edit never loses its tokens; without one (a creation form), a new random key, whatever
     * the form carried.
     */
    static OAuth2AccessTokenCredentialsImpl keepStateKey(OAuth2AccessTokenCredentialsImpl edited,
            @CheckForNull StaplerRequest2 req) {
        CredentialsStoreAction.CredentialsWrapper wrapper =
                req == null ? null : req.findAncestorObject(CredentialsStoreAction.CredentialsWrapper.class);
        if (wrapper != null && wrapper.getCredentials() instanceof OAuth2AccessTokenCredentialsImpl previous) {
            edited.stateKey = previous.stateKey;
        } else {
            edited.stateKey = RandomTokens.newStateKey();
        }
        edited.managed = null;
        return edited;
    }
}
