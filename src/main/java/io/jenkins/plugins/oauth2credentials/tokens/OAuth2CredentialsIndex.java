package io.jenkins.plugins.oauth2credentials.tokens;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Items;
import hudson.model.ModelObject;
import hudson.security.ACL;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Finds every OAuth 2.0 credential in every store this controller has: the system store and
 * the stores of folders at any depth. It reads the stores directly, as the system, so that the
 * periodic refresh sees all credentials; callers check the user's permission on each result.
 */
@Restricted(NoExternalUse.class)
public final class OAuth2CredentialsIndex {
    private OAuth2CredentialsIndex() {}

    /** Every OAuth 2.0 credential with its store and domain. */
    public static List<StoredCredential> all() {
        List<StoredCredential> found = new ArrayList<>();
        Set<CredentialsStore> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Jenkins jenkins = Jenkins.get();
        collect(jenkins, seen, found);
        for (Item item : Items.allItems2(ACL.SYSTEM2, jenkins, Item.class)) {
            if (item instanceof ItemGroup<?> group) {
                collect(group, seen, found);
            }
        }
        return found;
    }

    /** The credential whose token state has this key. */
    public static Optional<StoredCredential> byStateKey(String stateKey) {
        return all().stream().filter(stored -> stored.credential().getStateKey().equals(stateKey)).findFirst();
    }

    /** Collects the credentials of the stores that belong to this context itself (not its parents). */
    private static void collect(ModelObject context, Set<CredentialsStore> seen, List<StoredCredential> found) {
        for (CredentialsStore store : CredentialsProvider.lookupStores(context)) {
            if (store.getContext() != context || !seen.add(store)) {
                continue;
            }
            for (Domain domain : store.getDomains()) {
                for (Credentials credentials : store.getCredentials(domain)) {
                    if (credentials instanceof OAuth2AccessTokenCredentialsImpl oauth) {
                        found.add(new StoredCredential(oauth, store, domain));
                    }
                }
            }
        }
    }
}
