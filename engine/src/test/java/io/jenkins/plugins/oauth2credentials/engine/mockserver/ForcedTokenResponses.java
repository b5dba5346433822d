package io.jenkins.plugins.oauth2credentials.engine.mockserver;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * A route matched before mock-oauth2-server's own: while responses are queued it answers POSTs
 * to the token path with them, one each; when the queue is empty it does not match and the
 * server answers as usual. ({@code MockOAuth2Server.enqueueResponse} throws in 6.x.)
 */
final class ForcedTokenResponses implements Route {
    private final String tokenPath;
    private final Queue<OAuth2HttpResponse> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger served = new AtomicInteger();

    ForcedTokenResponses(String tokenPath) {
        this.tokenPath = tokenPath;
    }

    /** Queues one answer with the given status, content type, body and extra headers. */
    void enqueue(int status, String contentType, String body, Map<String, String> extraHeaders) {
        Headers.Builder headers = new Headers.Builder().add("Content-Type", contentType);
        extraHeaders.forEach(headers::add);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        queue.add(new OAuth2HttpResponse(headers.build(), status, body, bytes));
    }

    void enqueueJson(int status, String json) {
        enqueue(status, "application/json;charset=UTF-8", json, Map.of());
    }

    /** How many forced answers the server has sent. */
    int served() {
        return served.get();
    }

    /** How many are still queued. */
    int pending() {
        return queue.size();
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        return "POST".equals(request.getMethod())
                && tokenPath.equals(request.getUrl().encodedPath())
                && !queue.isEmpty();
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        OAuth2HttpResponse response = queue.poll();
        if (response == null) {
            // Only reachable if tests raced on the queue; fail loudly rather than fall through.
            return new OAuth2HttpResponse(Headers.of(), 599, "", new byte[0]);
        }
        served.incrementAndGet();
        return response;
    }
}
