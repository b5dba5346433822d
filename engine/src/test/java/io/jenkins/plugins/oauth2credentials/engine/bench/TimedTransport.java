package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointTransport;
import io.jenkins.plugins.oauth2credentials.engine.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** A transport that adds up the time its requests take. */
final class TimedTransport implements TokenEndpointTransport {
    private final TokenEndpointTransport delegate;
    private final CallTimes requests;

    TimedTransport(TokenEndpointTransport delegate, CallTimes requests) {
        this.delegate = delegate;
        this.requests = requests;
    }

    @Override
    public TransportResponse post(URI url, Map<String, String> headers, String formBody)
            throws IOException {
        long t0 = System.nanoTime();
        try {
            return delegate.post(url, headers, formBody);
        } finally {
            requests.add(t0);
        }
    }
}
