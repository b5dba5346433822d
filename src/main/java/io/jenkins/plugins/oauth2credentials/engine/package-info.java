/**
 * The Jenkins-free OAuth 2.0 engine: client configuration, grants against a token endpoint,
 * authorization requests with PKCE and state, token state with its refresh policy, and the
 * refresh log.
 *
 * <p>Nothing here imports Jenkins: the Jenkins layer maps credentials to {@link
 * io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration}, persists state through a
 * {@link io.jenkins.plugins.oauth2credentials.engine.TokenStateStore} and asks the {@link
 * io.jenkins.plugins.oauth2credentials.engine.TokenManager} for tokens.
 */
package io.jenkins.plugins.oauth2credentials.engine;
