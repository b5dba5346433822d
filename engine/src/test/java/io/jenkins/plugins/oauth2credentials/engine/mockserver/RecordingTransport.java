package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointTransport;
import io.jenkins.plugins.oauth2credentials.engine.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's default transport, remembering what each token request carried. The tests use it
 * to count requests and to see what the engine sent; what the server did with it is a separate
 * question, answered only by the server's response.
 */
final class RecordingTransport implements TokenEndpointTransport, AutoCloseable {
    /** One token request as the engine sent it. */
    record SentRequest(URI url, Map<String, String> headers, Map<String, String> form) {}

    private final ScribeJavaTransport delegate = new ScribeJavaTransport(5_000, 10_000, 256 * 1024);
    private final List<SentRequest> sent = new CopyOnWriteArrayList<>();

    @Override
    public TransportResponse post(URI url, Map<String, String> headers, String formBody)
            throws IOException {
        sent.add(new SentRequest(url, Map.copyOf(headers), FormEncoding.decode(formBody)));
        return delegate.post(url, headers, formBody);
    }

    List<SentRequest> sent() {
        return List.copyOf(sent);
    }

    int count() {
        return sent.size();
    }

    SentRequest last() {
        return sent.get(sent.size() - 1);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
