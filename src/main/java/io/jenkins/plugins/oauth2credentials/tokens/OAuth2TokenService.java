package io.jenkins.plugins.oauth2credentials.tokens;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.FileTokenStateStore;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.PendingAuthorizations;
import io.jenkins.plugins.oauth2credentials.engine.RefreshPolicy;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenStateStore;
import java.io.File;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.JenkinsLocationConfiguration;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Wires the engine into this controller: one token manager over an encrypted file store in
 * {@code $JENKINS_HOME/oauth2-credentials/state}, and the pending authorizations.
 *
 * <p>Known gap: token requests do not go through Jenkins' HTTP proxy configuration; they use
 * the JVM's proxy system properties ({@code https.proxyHost} and the like), if any.
 */
@Extension
@Restricted(NoExternalUse.class)
public final class OAuth2TokenService {
    private static final Logger LOGGER = Logger.getLogger(OAuth2TokenService.class.getName());
    /** The path of the callback below the Jenkins root URL. */
    public static final String CALLBACK_PATH = "oauth2/callback";

    private final Clock clock = Clock.systemUTC();
    private final TokenEndpointClient tokenEndpointClient = new TokenEndpointClient(new ScribeJavaTransport());
    private volatile TokenStateStore store;
    private volatile TokenManager tokenManager;
    private final PendingAuthorizations pendingAuthorizations = new PendingAuthorizations(clock);

    public static OAuth2TokenService get() {
        return ExtensionList.lookupSingleton(OAuth2TokenService.class);
    }

    /** The redirect URI to register at providers, from the configured root URL; null when none is configured. */
    @CheckForNull
    public static String redirectUri() {
        return absoluteUrl(CALLBACK_PATH);
    }

    /**
     * A path below the configured Jenkins root URL (never the request's); null when no root URL
     * is configured.
     */
    @CheckForNull
    public static String absoluteUrl(String path) {
        String root = JenkinsLocationConfiguration.get().getUrl();
        if (root == null || root.isBlank()) {
            return null;
        }
        return (root.endsWith("/") ? root : root + "/") + path;
    }

    public TokenManager tokenManager() {
        TokenManager manager = tokenManager;
        if (manager == null) {
            synchronized (this) {
                if (tokenManager == null) {
                    tokenManager = new TokenManager(tokenEndpointClient, store(),
                            RefreshPolicy.fromSystemProperties(), clock, OAuth2TokenService::isSoleHolder);
                }
                manager = tokenManager;
            }
        }
        return manager;
    }

    /** The client for token requests made outside the token manager: the form's Test button. */
    public TokenEndpointClient tokenEndpointClient() {
        return tokenEndpointClient;
    }

    /** The store of token state, for the sweep of deleted credentials. */
    public TokenStateStore store() {
        TokenStateStore current = store;
        if (current == null) {
            synchronized (this) {
                if (store == null) {
                    File directory = new File(Jenkins.get().getRootDir(), "oauth2-credentials/state");
                    store = new FileTokenStateStore(directory.toPath(), new SecretStateCipher());
                }
                current = store;
            }
        }
        return current;
    }

    /**
     * Whether this credential, as it is configured now in its store, is the only one carrying its
     * state key. A stale copy (the configuration before an edit, held by a running build or
     * refresh) is not: it must not replace the tokens the current configuration obtained. Scans
     * every store, as the system; the engine asks only before it replaces tokens of another
     * client, which is rare.
     */
    private static boolean isSoleHolder(ManagedCredential credential) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            List<StoredCredential> holders = OAuth2CredentialsIndex.holdersOf(credential.stateKey());
            return holders.size() == 1 && ClientConfiguration.sameClient(
                    holders.get(0).credential().toManagedCredential().config().fingerprint(),
                    credential.config().fingerprint());
        } catch (RuntimeException e) {
            // Unsure (Jenkins shutting down, a store that cannot be read): change nothing.
            LOGGER.log(Level.FINE, "Could not tell whether credential " + credential.displayName()
                    + " holds its state key alone", e);
            return false;
        }
    }

    public PendingAuthorizations pendingAuthorizations() {
        return pendingAuthorizations;
    }

    public Clock clock() {
        return clock;
    }
}
