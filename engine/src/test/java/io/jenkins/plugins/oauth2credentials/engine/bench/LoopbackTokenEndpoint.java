package io.jenkins.plugins.oauth2credentials.engine.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal token endpoint on 127.0.0.1: every POST gets a token response, after a fixed delay
 * if one is set. Each access token is distinct, as a provider's are.
 */
final class LoopbackTokenEndpoint implements AutoCloseable {
    static final String PATH = "/token";

    static {
        // The JDK server writes headers and body apart; with Nagle on, the client's delayed ACK
        // would add about 40 ms to every answer and swamp everything measured.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final long latencyMillis;
    private final int accessTokenLength;
    private final int refreshTokenLength;
    private final AtomicLong issued = new AtomicLong();

    /**
     * @param threads request handlers; at least the client's concurrency when there is latency
     * @param refreshTokenLength 0 for no refresh token in the answer
     */
    LoopbackTokenEndpoint(int threads, long latencyMillis, int accessTokenLength,
            int refreshTokenLength) throws IOException {
        this.latencyMillis = latencyMillis;
        this.accessTokenLength = accessTokenLength;
        this.refreshTokenLength = refreshTokenLength;
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        this.server = HttpServer.create(new InetSocketAddress(loopback, 0), 256);
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "loopback-token-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext(PATH, this::answer);
        server.start();
    }

    String tokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    long issued() {
        return issued.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            if (latencyMillis > 0) {
                sleep(latencyMillis);
            }
            long serial = issued.incrementAndGet();
            StringBuilder json = new StringBuilder(accessTokenLength + refreshTokenLength + 128)
                    .append("{\"access_token\":\"").append(token('a', serial, accessTokenLength))
                    .append("\",\"token_type\":\"Bearer\",\"expires_in\":3600");
            if (refreshTokenLength > 0) {
                json.append(",\"refresh_token\":\"")
                        .append(token('r', serial, refreshTokenLength))
                        .append('"');
            }
            byte[] bytes = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A token of exactly {@code length} token characters, unique by serial number. */
    private static String token(char kind, long serial, int length) {
        String unique = kind + Long.toString(serial, 36) + ".";
        StringBuilder token = new StringBuilder(length).append(unique);
        while (token.length() < length) {
            token.append((char) ('A' + token.length() % 26));
        }
        return token.substring(0, length);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
