package io.jenkins.plugins.oauth2credentials.web;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2CredentialsIndex;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * "Manage Jenkins » OAuth 2.0 Credentials": every OAuth 2.0 credential the current user may
 * view, in the system store and in folders, with its status and a link to its log page.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class OAuth2ManagementLink extends ManagementLink {
    private static final Logger LOGGER = Logger.getLogger(OAuth2ManagementLink.class.getName());
    public static final String URL_NAME = "oauth2-credentials";
    /** The status name of a credential whose state cannot be read. */
    static final String UNREADABLE = "UNREADABLE";

    @CheckForNull
    @Override
    public String getIconFileName() {
        return "symbol-key";
    }

    @Override
    public String getDisplayName() {
        return Messages.OAuth2ManagementLink_displayName();
    }

    @Override
    public String getDescription() {
        return Messages.OAuth2ManagementLink_description();
    }

    @CheckForNull
    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @NonNull
    @Override
    public Category getCategory() {
        return Category.SECURITY;
    }

    /**
     * Whoever can open "Manage Jenkins" sees the entry; the list itself holds only the
     * credentials each user may view, so folder administrators can use the page too.
     */
    @NonNull
    @Override
    public Permission getRequiredPermission() {
        return Jenkins.READ;
    }

    /** The credentials the current user may view, by context and ID. */
    public List<Row> getCredentials() {
        Authentication user = Jenkins.getAuthentication2();
        TokenManager manager = OAuth2TokenService.get().tokenManager();
        List<StoredCredential> all = OAuth2CredentialsIndex.all();
        Set<String> shared = OAuth2CredentialsIndex.sharedStateKeys(all).keySet();
        List<Row> rows = new ArrayList<>();
        for (StoredCredential stored : all) {
            if (stored.canView(user)) {
                rows.add(Row.of(stored, manager, shared));
            }
        }
        rows.sort(Comparator.comparing(Row::getContextName).thenComparing(Row::getCredentialId));
        return rows;
    }

    /** One credential in the list. */
    public static final class Row {
        private final String contextName;
        private final String credentialId;
        private final String description;
        private final String grantType;
        private final String status;
        private final String statusLabel;
        private final String tokenExpiry;
        private final String logPagePath;

        private Row(StoredCredential stored, String status, String statusLabel,
                String tokenExpiry) {
            this.contextName = stored.store().getContextDisplayName();
            this.credentialId = stored.credential().getId();
            this.description = stored.credential().getDescription();
            this.grantType = stored.credential().getGrantType();
            this.status = status;
            this.statusLabel = statusLabel;
            this.tokenExpiry = tokenExpiry;
            this.logPagePath = CredentialLogPage.pathFor(stored.credential().getStateKey());
        }

        static Row of(StoredCredential stored, TokenManager manager, Set<String> shared) {
            String key = stored.credential().getStateKey();
            if (shared.contains(key)) {
                // The state may be another credential's: show none of it.
                return new Row(stored, CredentialLogPage.SHARED_STATE_KEY,
                        CredentialLogPage.sharedStateKeyLabel(), "");
            }
            try {
                TokenState state = manager.state(key);
                CredentialStatus status = state.status();
                return new Row(stored, status.name(), CredentialLogPage.statusLabel(status),
                        CredentialLogPage.expiry(state.tokens(), false));
            } catch (StateStoreException e) {
                return new Row(stored, UNREADABLE, e.getMessage(), "");
            } catch (RuntimeException e) {
                // One broken credential shows as such instead of breaking the whole page.
                LOGGER.log(Level.FINE, "Cannot read the token state of credential {0}: {1}",
                        new Object[] {stored.displayName(), e.getMessage()});
                return new Row(stored, UNREADABLE, Messages.OAuth2ManagementLink_unreadable(), "");
            }
        }

        public String getContextName() {
            return contextName;
        }

        public String getCredentialId() {
            return credentialId;
        }

        public String getDescription() {
            return description;
        }

        public String getGrantType() {
            return grantType;
        }

        /** The status name, for styling. */
        public String getStatus() {
            return status;
        }

        public String getStatusLabel() {
            return statusLabel;
        }

        public String getTokenExpiry() {
            return tokenExpiry;
        }

        /** Relative to the Jenkins root URL. */
        public String getLogPagePath() {
            return logPagePath;
        }
    }
}
