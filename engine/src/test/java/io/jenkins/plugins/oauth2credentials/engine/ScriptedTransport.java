package io.jenkins.plugins.oauth2credentials.engine;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint that answers from a script: queued replies first, then a default reply.
 * Counts requests, keeps them for inspection and tracks how many were in flight at once.
 */
final class ScriptedTransport implements TokenEndpointTransport {

    /** One request as the endpoint saw it, with its form decoded. */
    record Request(URI url, Map<String, String> headers, Map<String, String> form) {
        String grantType() {
            return form.get("grant_type");
        }
    }

    /** Produces the answer to one request, or throws as a failing connection would. */
    @FunctionalInterface
    interface Reply {
        TransportResponse answer(Request request) throws IOException;
    }

    private final Deque<Reply> queued = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Reply otherwise;
    private volatile Duration delay = Duration.ZERO;

    /** Queues a reply for the next request that finds the queue non-empty. */
    ScriptedTransport then(Reply reply) {
        queued.add(reply);
        return this;
    }

    ScriptedTransport then(TransportResponse response) {
        return then(request -> response);
    }

    /** The reply for every request once the queue is empty. */
    ScriptedTransport otherwise(Reply reply) {
        this.otherwise = reply;
        return this;
    }

    /** Holds every request this long before answering, so that callers overlap. */
    ScriptedTransport delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    @Override
    public TransportResponse post(URI url, Map<String, String> headers, String formBody)
            throws IOException {
        Request request = new Request(url, Map.copyOf(headers), FormEncoding.decode(formBody));
        requests.add(request);
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            Reply reply = queued.poll();
            if (reply == null) {
                reply = otherwise;
            }
            if (reply == null) {
                throw new IOException("no scripted reply for request " + requests.size());
            }
            return reply.answer(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    int count() {
        return requests.size();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    Request last() {
        synchronized (requests) {
            return requests.get(requests.size() - 1);
        }
    }

    int currentlyInFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    static TransportResponse json(int status, String body) {
        return new TransportResponse(status, "application/json", null, null, body);
    }

    /** A successful JSON token response; a null refresh token is left out. */
    static TransportResponse token(String accessToken, String refreshToken, long expiresInSeconds) {
        String refresh = refreshToken == null ? "" : ",'refresh_token':'" + refreshToken + "'";
        String body = "{'access_token':'" + accessToken + "','token_type':'Bearer','expires_in':"
                + expiresInSeconds + refresh + "}";
        return json(200, body.replace('\'', '"'));
    }

    static TransportResponse error(int status, String code, String description) {
        String body = "{'error':'" + code + "','error_description':'" + description + "'}";
        return json(status, body.replace('\'', '"'));
    }
}
