package io.jenkins.plugins.oauth2credentials.engine;

import com.github.scribejava.core.httpclient.HttpClient;
import com.github.scribejava.core.httpclient.jdk.JDKHttpClient;
import com.github.scribejava.core.httpclient.jdk.JDKHttpClientConfig;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Verb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The default transport: scribejava-core's JDK HTTP client with connect and read timeouts,
 * redirects never followed (a token endpoint that redirects is misconfigured, and following
 * could carry the client's credentials to another host), and the body read up to a size limit
 * and within a total deadline: the read timeout applies to each read, so without a deadline a
 * provider that sends a few bytes at a time could hold the credential's refresh lock for hours.
 *
 * <p>Known gap: scribejava does not put {@code HttpURLConnection} into streaming mode, so the
 * JDK may resend a POST once when a kept-alive connection dies before any answer arrives
 * ({@code sun.net.http.retryPost}). A provider that treats the second request as a replay
 * answers {@code invalid_grant}, which the engine reports like any other. Setting that system
 * property to {@code false} on the controller turns the resend off for the whole JVM.
 *
 * <p>Tunables, read once per instance: {@code ScribeJavaTransport.connectTimeoutMillis}
 * (10000), {@code ScribeJavaTransport.readTimeoutMillis} (30000),
 * {@code ScribeJavaTransport.maxResponseBytes} (262144) and
 * {@code ScribeJavaTransport.totalTimeoutMillis} (60000, counted from sending the request and
 * checked between reads of the answer's body; status line and headers are bounded by the read
 * timeout only), each prefixed with this class's package name.
 */
public final class ScribeJavaTransport implements TokenEndpointTransport, AutoCloseable {
    private static final String USER_AGENT = "oauth2-credentials";

    private final HttpClient client;
    private final int maxResponseBytes;
    private final int totalTimeoutMillis;

    /** A transport with the tunables read from system properties. */
    public ScribeJavaTransport() {
        // At least 1: to the JDK a timeout of 0 means none, and a read could then block forever.
        this(Tunables.integer(ScribeJavaTransport.class, "connectTimeoutMillis", 10_000, 1),
                Tunables.integer(ScribeJavaTransport.class, "readTimeoutMillis", 30_000, 1),
                Tunables.integer(ScribeJavaTransport.class, "maxResponseBytes", 256 * 1024, 1));
    }

    /** A transport with the given limits and the total timeout read from its system property. */
    public ScribeJavaTransport(int connectTimeoutMillis, int readTimeoutMillis, int maxResponseBytes) {
        this(connectTimeoutMillis, readTimeoutMillis, maxResponseBytes,
                Tunables.integer(ScribeJavaTransport.class, "totalTimeoutMillis", 60_000, 1));
    }

    /** A transport with the given limits; the total timeout is checked while the body is read. */
    public ScribeJavaTransport(int connectTimeoutMillis, int readTimeoutMillis,
            int maxResponseBytes, int totalTimeoutMillis) {
        JDKHttpClientConfig config = JDKHttpClientConfig.defaultConfig()
                .withConnectTimeout(connectTimeoutMillis)
                .withReadTimeout(readTimeoutMillis)
                .withFollowRedirects(false);
        this.client = new JDKHttpClient(config);
        this.maxResponseBytes = maxResponseBytes;
        this.totalTimeoutMillis = totalTimeoutMillis;
    }

    @Override
    public TransportResponse post(URI url, Map<String, String> headers, String formBody) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(totalTimeoutMillis);
        Response response;
        try {
            response = client.execute(USER_AGENT, headers, Verb.POST, url.toString(),
                    formBody.getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(EngineMessages.format("ScribeJavaTransport.interrupted"));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        try (response) {
            if (response.getCode() < 100) {
                // HttpURLConnection says -1 when the answer had no HTTP status line: a broken
                // connection or a server speaking something else, not an answer to classify.
                throw new ProtocolException(EngineMessages.format("ScribeJavaTransport.noStatusLine"));
            }
            String contentType = header(response.getHeaders(), "Content-Type");
            String body = read(response.getStream(), charsetOf(contentType), deadline);
            return new TransportResponse(response.getCode(), contentType,
                    header(response.getHeaders(), "Retry-After"), header(response.getHeaders(), "Location"), body);
        }
    }

    private String read(InputStream stream, Charset charset, long deadline) throws IOException {
        if (stream == null) {
            return "";
        }
        try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int read;
            checkDeadline(deadline);
            while ((read = stream.read(chunk)) != -1) {
                checkDeadline(deadline);
                if (buffer.size() + read > maxResponseBytes) {
                    throw new OversizedResponseException(maxResponseBytes);
                }
                buffer.write(chunk, 0, read);
            }
            return buffer.toString(charset);
        }
    }

    /**
     * Fails once the deadline has passed. A read blocks at most for the read timeout, so the
     * answer is given up at most one read timeout after the deadline.
     */
    private void checkDeadline(long deadline) throws SocketTimeoutException {
        if (System.nanoTime() - deadline > 0) {
            throw new SocketTimeoutException(
                    EngineMessages.format("ScribeJavaTransport.totalTimeout", totalTimeoutMillis));
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }

    private static Charset charsetOf(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String parameter = part.strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("charset=")) {
                    try {
                        return Charset.forName(parameter.substring(8).replace("\"", ""));
                    } catch (IllegalArgumentException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
