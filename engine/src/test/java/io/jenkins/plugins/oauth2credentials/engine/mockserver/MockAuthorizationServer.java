package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.HttpUrl;

/**
 * An in-process mock-oauth2-server bound to 127.0.0.1 on a free port, with a queue of forced
 * token responses in front of its own token endpoint.
 *
 * <p>What it checks, and so what tests against it can show: client authentication is present,
 * codes and refresh tokens are ones it issued and not yet used, a PKCE verifier that is sent
 * matches the challenge, and (when rotation is on) an old refresh token is refused. What it never
 * checks: the client secret's value, that a verifier is sent at all, and that the redirect URI
 * or client ID at the token endpoint match the authorization request.
 */
final class MockAuthorizationServer implements AutoCloseable {
    static final String ISSUER = "jenkins";

    private final MockOAuth2Server server;
    private final ForcedTokenResponses forced;

    private MockAuthorizationServer(boolean rotateRefreshTokens) {
        this.forced = new ForcedTokenResponses("/" + ISSUER + "/token");
        // Interactive login off: the authorize endpoint redirects straight back with a code.
        OAuth2Config config = new OAuth2Config(false, null, null, rotateRefreshTokens);
        this.server = new MockOAuth2Server(config, forced);
        server.start(loopback(), 0);
    }

    /** A server that keeps refresh tokens valid across refreshes (its default). */
    static MockAuthorizationServer start() {
        return new MockAuthorizationServer(false);
    }

    /** A server that issues a new refresh token on every refresh and refuses the old one. */
    static MockAuthorizationServer startRotatingRefreshTokens() {
        return new MockAuthorizationServer(true);
    }

    String tokenUrl() {
        return onLoopback(server.tokenEndpointUrl(ISSUER));
    }

    String authorizationUrl() {
        return onLoopback(server.authorizationEndpointUrl(ISSUER));
    }

    /**
     * The redirect URI registered for the client: a path on this server, so that a client that
     * followed the redirect would reach nothing else. Tests read it from the Location header.
     */
    String redirectUri() {
        return onLoopback(server.baseUrl()) + "oauth2/callback";
    }

    /** Responses the token endpoint sends, in order, before it answers normally again. */
    ForcedTokenResponses forced() {
        return forced;
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** The server's URLs say localhost, which may resolve to ::1 where nothing listens. */
    private static String onLoopback(HttpUrl url) {
        return url.newBuilder().host("127.0.0.1").build().toString();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
