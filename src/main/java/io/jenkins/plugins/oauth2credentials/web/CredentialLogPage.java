package io.jenkins.plugins.oauth2credentials.web;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.ModelObject;
import io.jenkins.plugins.oauth2credentials.engine.CredentialStatus;
import io.jenkins.plugins.oauth2credentials.engine.FailureKind;
import io.jenkins.plugins.oauth2credentials.engine.FailureSummary;
import io.jenkins.plugins.oauth2credentials.engine.ManagedCredential;
import io.jenkins.plugins.oauth2credentials.engine.RefreshLogEntry;
import io.jenkins.plugins.oauth2credentials.engine.RefreshTrigger;
import io.jenkins.plugins.oauth2credentials.engine.RandomTokens;
import io.jenkins.plugins.oauth2credentials.engine.StateStoreException;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointException;
import io.jenkins.plugins.oauth2credentials.engine.TokenManager;
import io.jenkins.plugins.oauth2credentials.engine.TokenSet;
import io.jenkins.plugins.oauth2credentials.engine.TokenState;
import io.jenkins.plugins.oauth2credentials.impl.OAuth2AccessTokenCredentialsImpl;
import io.jenkins.plugins.oauth2credentials.refresh.OAuth2RefreshWork;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2CredentialsIndex;
import io.jenkins.plugins.oauth2credentials.tokens.OAuth2TokenService;
import io.jenkins.plugins.oauth2credentials.tokens.StoredCredential;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;

/**
 * {@code <root>/oauth2/credential/<state key>/}: one OAuth 2.0 credential's status, token
 * expiry, last and next refresh, and refresh log (newest first), with "Refresh now" and, for
 * the authorization code grant, "Authorize". Shows nothing secret: no token, code or client
 * secret is ever read into the page.
 *
 * <p>A user who may not view the credential gets 404, as if it did not exist.
 *
 * <p>When more than one credential carries the state key (a copied configuration), the page
 * says so and shows neither the stored state nor buttons: whose tokens it holds is unknown.
 */
@Restricted(NoExternalUse.class)
public final class CredentialLogPage implements ModelObject {
    private static final Logger LOGGER = Logger.getLogger(CredentialLogPage.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    /** The query parameter the authorization callback adds when it has stored new tokens. */
    static final String AUTHORIZED_PARAMETER = "authorized";
    /** The status name of a credential whose state key another credential also carries. */
    public static final String SHARED_STATE_KEY = "SHARED_STATE_KEY";

    private final StoredCredential stored;
    private final boolean sharedStateKey;
    private Snapshot snapshot;

    private CredentialLogPage(StoredCredential stored, boolean sharedStateKey) {
        this.stored = stored;
        this.sharedStateKey = sharedStateKey;
    }

    /**
     * The page of the credential with this state key, or null (so 404) when there is none or the
     * current user may not view it.
     */
    @CheckForNull
    public static CredentialLogPage forStateKey(@CheckForNull String stateKey) {
        if (!RandomTokens.isStateKey(stateKey)) {
            return null;
        }
        List<StoredCredential> holders = OAuth2CredentialsIndex.holdersOf(stateKey);
        Authentication user = Jenkins.getAuthentication2();
        return holders.stream()
                .filter(found -> found.canView(user))
                .findFirst()
                .map(found -> new CredentialLogPage(found, holders.size() > 1))
                .orElse(null);
    }

    /** The path of a credential's log page, relative to the root URL, ending with a slash. */
    @NonNull
    public static String pathFor(@NonNull String stateKey) {
        return OAuth2RootAction.URL_NAME + "/credential/" + stateKey + "/";
    }

    /** How the pages name a status. */
    @NonNull
    public static String statusLabel(@NonNull CredentialStatus status) {
        return switch (status) {
            case NOT_AUTHORIZED -> Messages.CredentialLogPage_status_NOT_AUTHORIZED();
            case HEALTHY -> Messages.CredentialLogPage_status_HEALTHY();
            case FAILING -> Messages.CredentialLogPage_status_FAILING();
            case NEEDS_REAUTHORIZATION -> Messages.CredentialLogPage_status_NEEDS_REAUTHORIZATION();
        };
    }

    /** How the pages name the status of a credential whose state key another one carries. */
    @NonNull
    public static String sharedStateKeyLabel() {
        return Messages.CredentialLogPage_status_SHARED_STATE_KEY();
    }

    @Override
    public String getDisplayName() {
        return stored.displayName();
    }

    public String getCredentialId() {
        return credential().getId();
    }

    public String getDescription() {
        return credential().getDescription();
    }

    /** The folder or "Jenkins" that holds the credential. */
    public String getContextName() {
        return stored.store().getContextDisplayName();
    }

    public String getGrantType() {
        return credential().getGrantType();
    }

    public boolean isAuthorizationCode() {
        return credential().isAuthorizationCode();
    }

    /** Not secret: it names the credential in {@code /oauth2/} URLs and forms. */
    public String getStateKey() {
        return credential().getStateKey();
    }

    /** A link to the credential in the credentials UI, or null when it cannot be computed. */
    @CheckForNull
    public String getCredentialLink() {
        String domain = stored.store().getRelativeLinkTo(stored.domain());
        return domain == null ? null
                : domain + "credential/" + Util.rawEncode(getCredentialId()) + "/";
    }

    /** The status name, for styling. */
    public String getStatus() {
        return sharedStateKey ? SHARED_STATE_KEY : state().status().name();
    }

    public String getStatusLabel() {
        return sharedStateKey ? sharedStateKeyLabel() : statusLabel(state().status());
    }

    public String getStatusExplanation() {
        if (sharedStateKey) {
            return Messages.CredentialLogPage_explain_SHARED_STATE_KEY();
        }
        return switch (state().status()) {
            case NOT_AUTHORIZED -> isAuthorizationCode()
                    ? Messages.CredentialLogPage_explain_NOT_AUTHORIZED_code()
                    : Messages.CredentialLogPage_explain_NOT_AUTHORIZED_client();
            case HEALTHY -> Messages.CredentialLogPage_explain_HEALTHY();
            case FAILING -> Messages.CredentialLogPage_explain_FAILING();
            case NEEDS_REAUTHORIZATION ->
                    Messages.CredentialLogPage_explain_NEEDS_REAUTHORIZATION();
        };
    }

    /** The most recent failure since the last success, or null. */
    @CheckForNull
    public String getLastFailure() {
        FailureSummary failure = state().lastFailure();
        if (failure == null) {
            return null;
        }
        String error = failure.error() == null ? kindLabel(failure.kind()) : failure.error();
        return Messages.CredentialLogPage_lastFailure(error, format(failure.time()),
                failure.message());
    }

    /** Why the token state could not be read, or null when it could. */
    @CheckForNull
    public String getStateError() {
        return snapshot().error();
    }

    public String getTokenExpiry() {
        return expiry(state().tokens(), true);
    }

    /**
     * The access token's expiry as the pages show it: "no token", "unknown", or the time, with
     * how long until or since when {@code relative}.
     */
    static String expiry(@CheckForNull TokenSet tokens, boolean relative) {
        if (tokens == null) {
            return Messages.CredentialLogPage_noToken();
        }
        Instant expiresAt = tokens.expiresAt();
        if (expiresAt == null) {
            return Messages.CredentialLogPage_expiryUnknown();
        }
        if (!relative) {
            return format(expiresAt);
        }
        Instant now = now();
        return now.isBefore(expiresAt)
                ? Messages.CredentialLogPage_expiresIn(format(expiresAt), span(now, expiresAt))
                : Messages.CredentialLogPage_expiredAgo(format(expiresAt), span(expiresAt, now));
    }

    /** The token type, or null without a token. */
    @CheckForNull
    public String getTokenType() {
        TokenSet tokens = state().tokens();
        return tokens == null ? null : tokens.tokenType();
    }

    /** The scope the provider granted, or null when it did not say. */
    @CheckForNull
    public String getGrantedScope() {
        TokenSet tokens = state().tokens();
        return tokens == null ? null : tokens.scope();
    }

    /** Whether a refresh token is held; never the token itself. */
    public boolean isHoldsRefreshToken() {
        TokenSet tokens = state().tokens();
        return tokens != null && tokens.refreshToken() != null;
    }

    /** The newest attempt of any kind, or "never". */
    public String getLastRefresh() {
        List<RefreshLogEntry> log = snapshot().log();
        if (log.isEmpty()) {
            return Messages.CredentialLogPage_never();
        }
        RefreshLogEntry newest = log.get(log.size() - 1);
        String outcome = newest.succeeded() ? Messages.CredentialLogPage_succeeded()
                : kindLabel(newest.failureKind());
        return Messages.CredentialLogPage_lastRefresh(ago(newest.time()), outcome);
    }

    /** When a token was last obtained, or "never". */
    public String getLastSuccess() {
        Instant at = state().lastSuccessAt();
        return at == null ? Messages.CredentialLogPage_never() : ago(at);
    }

    /** When the periodic refresh will next ask for a token, or why it will not. */
    public String getNextRefresh() {
        if (sharedStateKey) {
            return Messages.CredentialLogPage_next_shared();
        }
        TokenState state = state();
        if (state.status() == CredentialStatus.NEEDS_REAUTHORIZATION) {
            return Messages.CredentialLogPage_next_reauthorize();
        }
        if (isAuthorizationCode() && state.tokens() == null) {
            return Messages.CredentialLogPage_next_authorize();
        }
        if (isAuthorizationCode() && state.tokens().refreshToken() == null) {
            return Messages.CredentialLogPage_next_noRefreshToken();
        }
        Instant now = now();
        Instant notBefore = state.nextAttemptAt() != null && state.nextAttemptAt().isAfter(now)
                ? state.nextAttemptAt() : now;
        Instant next = OAuth2RefreshWork.get().nextRunNotBefore(notBefore);
        return Messages.CredentialLogPage_next_scheduled(format(next), span(now, next));
    }

    /** The refresh log, newest first. */
    public List<LogRow> getEntries() {
        List<RefreshLogEntry> log = snapshot().log();
        List<LogRow> rows = new ArrayList<>(log.size());
        for (RefreshLogEntry entry : log) {
            rows.add(new LogRow(entry));
        }
        Collections.reverse(rows);
        return rows;
    }

    /**
     * Whether the current user may refresh or authorize this credential; nobody may while its
     * state key is shared.
     */
    public boolean isCanUpdate() {
        return !sharedStateKey && stored.canUpdate(Jenkins.getAuthentication2());
    }

    /** Whether "Refresh now" has a grant to run: authorization code needs a refresh token. */
    public boolean isRefreshable() {
        return !isAuthorizationCode() || isHoldsRefreshToken();
    }

    public String getAuthorizeLabel() {
        TokenState state = state();
        boolean again = state.tokens() != null
                || state.status() == CredentialStatus.NEEDS_REAUTHORIZATION;
        return again ? Messages.CredentialLogPage_reauthorize()
                : Messages.CredentialLogPage_authorize();
    }

    /**
     * Whether to greet the user back from the provider: the URL carries {@code ?authorized} and
     * the newest log entry is indeed a successful authorization (a hand-made link shows nothing).
     */
    public boolean isJustAuthorized() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        if (req == null || req.getParameter(AUTHORIZED_PARAMETER) == null) {
            return false;
        }
        List<RefreshLogEntry> log = snapshot().log();
        RefreshLogEntry newest = log.isEmpty() ? null : log.get(log.size() - 1);
        return newest != null && newest.succeeded()
                && newest.trigger() == RefreshTrigger.AUTHORIZATION;
    }

    /**
     * "Refresh now": asks the provider for a new token at once, whatever the backoff says. The
     * outcome, success or failure, is the newest line of the log the browser returns to.
     */
    @POST
    public HttpResponse doRefresh() {
        stored.store().checkPermission(CredentialsProvider.UPDATE);
        if (sharedStateKey) {
            // The page explains why; the state may be another credential's.
            return HttpResponses.redirectToDot();
        }
        ManagedCredential managed;
        try {
            managed = credential().toManagedCredential();
        } catch (IllegalStateException e) {
            LOGGER.log(Level.WARNING, "Cannot refresh credential {0}: {1}",
                    new Object[] {stored.displayName(), e.getMessage()});
            return HttpResponses.redirectToDot();
        }
        TokenManager manager = OAuth2TokenService.get().tokenManager();
        try {
            manager.refresh(managed, RefreshTrigger.MANUAL);
        } catch (TokenEndpointException e) {
            // Already in the credential's log, which the page shows.
            LOGGER.log(Level.FINE, "Manual refresh of credential {0} failed ({1})",
                    new Object[] {stored.displayName(), e.kind()});
        } catch (StateStoreException e) {
            LOGGER.log(Level.WARNING, "Manual refresh of credential {0} could not store its state: "
                    + "{1}", new Object[] {stored.displayName(), e.getMessage()});
        }
        return HttpResponses.redirectToDot();
    }

    private OAuth2AccessTokenCredentialsImpl credential() {
        return stored.credential();
    }

    private TokenState state() {
        return snapshot().state();
    }

    /** State and log, read once per request so that the page is consistent. */
    private synchronized Snapshot snapshot() {
        if (snapshot == null) {
            TokenManager manager = OAuth2TokenService.get().tokenManager();
            String key = credential().getStateKey();
            TokenState state = TokenState.EMPTY;
            List<RefreshLogEntry> log = List.of();
            String error = null;
            if (!sharedStateKey) {
                try {
                    state = manager.state(key);
                    log = manager.log(key);
                } catch (StateStoreException e) {
                    error = e.getMessage();
                } catch (RuntimeException e) {
                    LOGGER.log(Level.WARNING, "Cannot read the token state of credential {0}: {1}",
                            new Object[] {stored.displayName(), e.getMessage()});
                    error = Messages.CredentialLogPage_stateUnreadable();
                }
            }
            snapshot = new Snapshot(state, log, error);
        }
        return snapshot;
    }

    private static Instant now() {
        return OAuth2TokenService.get().clock().instant();
    }

    static String format(@CheckForNull Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String ago(Instant instant) {
        Instant now = now();
        return now.isBefore(instant) ? format(instant)
                : Messages.CredentialLogPage_timeAgo(format(instant), span(instant, now));
    }

    private static String span(Instant from, Instant to) {
        return Util.getTimeSpanString(Math.max(0, Duration.between(from, to).toMillis()));
    }

    static String kindLabel(@CheckForNull FailureKind kind) {
        if (kind == null) {
            return Messages.CredentialLogPage_kind_unknown();
        }
        return switch (kind) {
            case TRANSIENT -> Messages.CredentialLogPage_kind_TRANSIENT();
            case REJECTED -> Messages.CredentialLogPage_kind_REJECTED();
            case NEEDS_REAUTHORIZATION -> Messages.CredentialLogPage_kind_NEEDS_REAUTHORIZATION();
        };
    }

    static String triggerLabel(@CheckForNull RefreshTrigger trigger) {
        if (trigger == null) {
            return "";
        }
        return switch (trigger) {
            case SCHEDULE -> Messages.CredentialLogPage_trigger_SCHEDULE();
            case USE -> Messages.CredentialLogPage_trigger_USE();
            case MANUAL -> Messages.CredentialLogPage_trigger_MANUAL();
            case SAVE -> Messages.CredentialLogPage_trigger_SAVE();
            case AUTHORIZATION -> Messages.CredentialLogPage_trigger_AUTHORIZATION();
        };
    }

    private record Snapshot(TokenState state, List<RefreshLogEntry> log, String error) {}

    /** One line of the refresh log as the page shows it; every value is already safe text. */
    public static final class LogRow {
        private final RefreshLogEntry entry;

        LogRow(RefreshLogEntry entry) {
            this.entry = entry;
        }

        public String getTime() {
            return format(entry.time());
        }

        public String getTrigger() {
            return triggerLabel(entry.trigger());
        }

        public String getGrant() {
            return Util.fixNull(entry.grant());
        }

        public boolean isSucceeded() {
            return entry.succeeded();
        }

        public String getOutcome() {
            return entry.succeeded() ? Messages.CredentialLogPage_succeeded()
                    : kindLabel(entry.failureKind());
        }

        public String getHttpStatus() {
            return entry.httpStatus() == 0 ? "" : Integer.toString(entry.httpStatus());
        }

        /** The OAuth error code ({@code invalid_grant}, ...), or empty. */
        public String getError() {
            return Util.fixNull(entry.error());
        }

        public String getErrorDescription() {
            return Util.fixNull(entry.errorDescription());
        }

        public String getMessage() {
            return Util.fixNull(entry.message());
        }

        public String getDuration() {
            return Messages.CredentialLogPage_durationMillis(entry.durationMillis());
        }

        public String getExpiresAt() {
            return format(entry.expiresAt());
        }
    }
}
