package io.jenkins.plugins.oauth2credentials.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A provider's endpoints for JenkinsRule tests: WireMock on 127.0.0.1 with a free port, started
 * at once. Subclasses stub the answers their tests need.
 */
public abstract class LoopbackProvider implements AutoCloseable {
    protected final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    protected LoopbackProvider() {
        server.start();
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + server.port() + "/token";
    }

    public String authorizationUrl() {
        return "http://127.0.0.1:" + server.port() + "/authorize";
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }
}
