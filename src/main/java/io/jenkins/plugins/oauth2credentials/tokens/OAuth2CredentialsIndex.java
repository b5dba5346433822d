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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The credential whose token state has this key; empty when none has it, and also when more
     * than one does (a copied configuration): the state then belongs to neither, so nothing may
     * act on it until each has its own key.
     */
    public static Optional<StoredCredential> byStateKey(String stateKey) {
        List<StoredCredential> holders = holdersOf(stateKey);
        return holders.size() == 1 ? Optional.of(holders.get(0)) : Optional.empty();
    }

    /** Every credential that carries this state key: normally one, or none. */
    public static List<StoredCredential> holdersOf(String stateKey) {
        return all().stream()
                .filter(stored -> stored.credential().getStateKey().equals(stateKey))
                .toList();
    }

    /** The OAuth 2.0 credentials in the stores of this context itself (Jenkins or a folder). */
    public static List<StoredCredential> inContext(ModelObject context) {
        List<StoredCredential> found = new ArrayList<>();
        collect(context, Collections.newSetFromMap(new IdentityHashMap<>()), found);
        return found;
    }

    /**
     * The state keys that more than one of these credentials carries, each with its holders in
     * the order given. Such credentials are neither refreshed nor shown with the shared state.
     */
    public static Map<String, List<StoredCredential>> sharedStateKeys(
            List<StoredCredential> credentials) {
        Map<String, List<StoredCredential>> byKey = new LinkedHashMap<>();
        for (StoredCredential stored : credentials) {
            byKey.computeIfAbsent(stored.credential().getStateKey(), key -> new ArrayList<>())
                    .add(stored);
        }
        byKey.values().removeIf(holders -> holders.size() < 2);
        return byKey;
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
