package io.jenkins.plugins.oauth2credentials.engine;

/** Why a token request was made, as shown in the refresh log. */
public enum RefreshTrigger {
    /** The periodic refresh. */
    SCHEDULE,
    /** A build or other caller asked for a token that was stale. */
    USE,
    /** An administrator pressed "Refresh now". */
    MANUAL,
    /** A client credentials credential was saved: its first token is fetched at once. */
    SAVE,
    /** The authorization callback redeemed a code. */
    AUTHORIZATION
}
