/**
 * Provider quirks that real OAuth 2.0 clients have shipped bugs for, each replayed against a
 * WireMock token endpoint and named by its case number:
 *
 * <ul>
 *   <li>P01: GitHub answers form-encoded bodies unless asked for JSON, with comma scopes and
 *       lowercase {@code bearer}.
 *   <li>P02: OAuth errors inside HTTP 200 ({@code bad_verification_code}, {@code bad_refresh_token}).
 *   <li>P03: client secrets with {@code + : % &} need RFC 6749 §2.3.1 form-encoding in HTTP Basic;
 *       {@code client_secret_post} for servers that never decode.
 *   <li>P04: a refresh answer without {@code refresh_token} keeps the stored one.
 *   <li>P05: a rotated refresh token is durable before the new access token is used.
 *   <li>P06: concurrent refreshes of one credential share one request, so rotation cannot race.
 *   <li>P07: {@code expires_in} as a string, or as nonsense.
 *   <li>P08: no {@code expires_in}: unknown expiry, never the epoch.
 *   <li>P09: {@code token_type} in any case; types other than Bearer.
 *   <li>P12: scope lists typed with commas or newlines, and the comma-separated variant.
 *   <li>P13: HTML, empty, truncated or token-less answers never corrupt stored tokens.
 *   <li>P15: {@code invalid_grant} stops retrying and asks for re-authorization.
 *   <li>P17: callback state validation: forged, replayed, expired, other user, parallel tabs.
 * </ul>
 *
 * <p>Numbers missing from the list are quirks that concern other parts of a client than this
 * engine's token exchange, or that the cases above already cover.
 */
package io.jenkins.plugins.oauth2credentials.engine.cases;
