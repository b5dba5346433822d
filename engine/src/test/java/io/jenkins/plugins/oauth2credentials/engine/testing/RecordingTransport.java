package io.jenkins.plugins.oauth2credentials.engine.testing;

import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointTransport;
import io.jenkins.plugins.oauth2credentials.engine.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The engine's production transport, remembering what each token request carried. Servers such
 * as Keycloak accept Basic and body credentials alike and mock servers check little, so only the
 * request shows what the engine really sent; what the server did with it is answered by its
 * response alone. Requests are not serialized: concurrent callers reach the server concurrently.
 *
 * <p>Close it when done, or register it with {@code @RegisterExtension} to have it closed after
 * each test.
 */
public final class RecordingTransport implements TokenEndpointTransport, AutoCloseable,
        AfterEachCallback {
    /** One token request as it went on the wire, with its form decoded. */
    public record Sent(URI url, Map<String, String> headers, Map<String, String> form) {}

    private final ScribeJavaTransport delegate;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    /** Records over a transport with the engine's default limits. */
    public RecordingTransport() {
        this(new ScribeJavaTransport());
    }

    /** Records over this transport, which it closes when closed. */
    public RecordingTransport(ScribeJavaTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransportResponse post(URI url, Map<String, String> headers, String formBody)
            throws IOException {
        sent.add(new Sent(url, Map.copyOf(headers), FormEncoding.decode(formBody)));
        return delegate.post(url, headers, formBody);
    }

    /** Every request so far, oldest first. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public int count() {
        return sent.size();
    }

    /** The latest request; fails the test if none was sent. */
    public Sent last() {
        List<Sent> all = sent();
        if (all.isEmpty()) {
            throw new AssertionError("no token request was sent");
        }
        return all.get(all.size() - 1);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }
}
