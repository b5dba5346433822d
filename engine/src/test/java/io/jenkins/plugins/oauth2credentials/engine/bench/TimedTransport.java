package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointTransport;
import io.jenkins.plugins.oauth2credentials.engine.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A transport that adds up the time its requests take. */
final class TimedTransport implements TokenEndpointTransport {
    private final TokenEndpointTransport delegate;
    private final LongAdder nanos = new LongAdder();
    private final LongAdder requests = new LongAdder();

    TimedTransport(TokenEndpointTransport delegate) {
        this.delegate = delegate;
    }

    /** Mean milliseconds per request since the last reset. */
    double meanMillis() {
        long count = requests.sum();
        return count == 0 ? 0 : nanos.sum() / 1e6 / count;
    }

    void reset() {
        nanos.reset();
        requests.reset();
    }

    @Override
    public TransportResponse post(URI url, Map<String, String> headers, String formBody)
            throws IOException {
        long t0 = System.nanoTime();
        try {
            return delegate.post(url, headers, formBody);
        } finally {
            nanos.add(System.nanoTime() - t0);
            requests.increment();
        }
    }
}
