package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointTransport;
import io.jenkins.plugins.oauth2credentials.engine.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The production transport, recording what it sent: Keycloak's {@code client-secret}
 * authenticator accepts Basic and body credentials alike, so only the request shows which
 * client authentication the engine really used.
 */
final class RecordingTransport implements TokenEndpointTransport, AutoCloseable {
    /** One request as it went on the wire. */
    record Sent(URI url, Map<String, String> headers, Map<String, String> form) {}

    private final ScribeJavaTransport delegate = new ScribeJavaTransport();
    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized TransportResponse post(URI url, Map<String, String> headers,
            String formBody) throws IOException {
        sent.add(new Sent(url, Map.copyOf(headers), FormEncoding.decode(formBody)));
        return delegate.post(url, headers, formBody);
    }

    synchronized Sent last() {
        if (sent.isEmpty()) {
            throw new AssertionError("no token request was sent");
        }
        return sent.get(sent.size() - 1);
    }

    synchronized int count() {
        return sent.size();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
