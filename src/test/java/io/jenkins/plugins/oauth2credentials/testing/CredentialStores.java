package io.jenkins.plugins.oauth2credentials.testing;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.ModelObject;

/** Puts credentials where the plugin finds them: a context's own store (system or folder). */
public final class CredentialStores {
    private CredentialStores() {}

    /** The credentials store that belongs to this context itself, not to a parent. */
    public static CredentialsStore storeOf(ModelObject context) {
        for (CredentialsStore store : CredentialsProvider.lookupStores(context)) {
            if (store.getContext() == context) {
                return store;
            }
        }
        throw new AssertionError("no credentials store of its own in " + context.getDisplayName());
    }

    /** Adds the credential to the global domain of the context's own store. */
    public static <C extends Credentials> C addTo(ModelObject context, C credential) throws Exception {
        storeOf(context).addCredentials(Domain.global(), credential);
        return credential;
    }
}
