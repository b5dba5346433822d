package io.jenkins.plugins.oauth2credentials.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against a loopback server that sends its answer a few bytes at a time. */
class ScribeJavaTransportTest {
    private static final String TOTAL_TIMEOUT_PROPERTY =
            ScribeJavaTransport.class.getName() + ".totalTimeoutMillis";
    private static final String BODY =
            "{\"access_token\":\"AT-dribbled-4c1e\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    /** Each chunk comes well within the read timeout; the whole body takes this long. */
    private static final int DRIBBLE_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 1_500;

    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(BODY)
                .withChunkedDribbleDelay(20, DRIBBLE_MILLIS)));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/token");
    }

    private TransportResponse requestToken(ScribeJavaTransport transport) throws Exception {
        return transport.post(tokenUrl(),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=client_credentials");
    }

    @Test
    void postWhenAnswerDribblesPastTotalTimeoutThenSocketTimeoutNamingIt() throws Exception {
        try (ScribeJavaTransport transport =
                new ScribeJavaTransport(1_000, READ_TIMEOUT_MILLIS, 64 * 1024, 400)) {
            long started = System.nanoTime();

            SocketTimeoutException e =
                    assertThrows(SocketTimeoutException.class, () -> requestToken(transport));

            long waitedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(waitedMillis < DRIBBLE_MILLIS - 500, "gave up after " + waitedMillis + " ms");
            assertEquals(EngineMessages.format("ScribeJavaTransport.totalTimeout", 400),
                    e.getMessage());
            assertTrue(e.getMessage().contains("total timeout of 400 ms"), e.getMessage());
        }
    }

    @Test
    void postWhenAnswerDribblesWithinTotalTimeoutThenRead() throws Exception {
        try (ScribeJavaTransport transport =
                new ScribeJavaTransport(1_000, READ_TIMEOUT_MILLIS, 64 * 1024, 10_000)) {

            TransportResponse response = requestToken(transport);

            assertEquals(200, response.status());
            assertEquals(BODY, response.body());
        }
    }

    @Test
    void tokenRequestWhenTotalTimeoutFromPropertyExceededThenTransientFailure() throws Exception {
        System.setProperty(TOTAL_TIMEOUT_PROPERTY, "400");
        ScribeJavaTransport transport;
        try {
            transport = new ScribeJavaTransport(1_000, READ_TIMEOUT_MILLIS, 64 * 1024);
        } finally {
            System.clearProperty(TOTAL_TIMEOUT_PROPERTY);
        }
        ClientConfiguration config =
                TestConfigs.clientCredentials().tokenUrl(tokenUrl().toString()).build();
        try (transport) {
            TokenEndpointException e = assertThrows(TokenEndpointException.class,
                    () -> new TokenEndpointClient(transport).clientCredentials(config));

            assertEquals(FailureKind.TRANSIENT, e.kind());
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            String cause = e.getCause().getMessage();
            assertTrue(cause.contains("total timeout of 400 ms"), cause);
        }
    }
}
