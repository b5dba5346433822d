package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every mock-oauth2-server test starts from, so that it is set up once: a fresh server on
 * 127.0.0.1 and the engine wired to it over a temporary state folder, both closed after each
 * test. A subclass's own {@code @BeforeEach} runs after this one and can use them.
 */
abstract class MockServerCase {
    @TempDir
    Path stateDir;

    MockAuthorizationServer server;
    EngineHarness engine;

    /** Whether the server issues a new refresh token on every refresh; off unless overridden. */
    boolean rotatesRefreshTokens() {
        return false;
    }

    @BeforeEach
    void startServerAndEngine() {
        server = rotatesRefreshTokens()
                ? MockAuthorizationServer.startRotatingRefreshTokens()
                : MockAuthorizationServer.start();
        engine = new EngineHarness(server, stateDir);
    }

    @AfterEach
    void stopServerAndEngine() throws Exception {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
