package io.jenkins.plugins.oauth2credentials.tokens;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * An OAuth 2.0 credential with the store and domain that hold it, so that permissions are
 * checked against the right store (the system store or a folder's).
 *
 * @param credential the credential
 * @param store the store holding it
 * @param domain the domain it is in
 */
@Restricted(NoExternalUse.class)
public record StoredCredential(OAuth2AccessTokenCredentialsImpl credential, CredentialsStore store, Domain domain) {

    /** Whether the user may see this credential (and so its log page). */
    public boolean canView(Authentication user) {
        return store.hasPermission2(user, CredentialsProvider.VIEW);
    }

    /** Whether the user may change this credential: authorize it, refresh it now. */
    public boolean canUpdate(Authentication user) {
        return store.hasPermission2(user, CredentialsProvider.UPDATE);
    }

    /** The context's name and the credential ID, as administrators know it. */
    public String displayName() {
        return store.getContextDisplayName() + " » " + credential.getId();
    }
}
