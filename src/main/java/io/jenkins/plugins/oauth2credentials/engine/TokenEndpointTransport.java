package io.jenkins.plugins.oauth2credentials.engine;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Sends one form POST to a token endpoint. The engine's own small seam in front of the HTTP
 * library, so that nothing else in the engine sees its types and tests can count requests.
 */
public interface TokenEndpointTransport {

    /**
     * Posts a form body and reads the whole answer, whatever its status.
     *
     * @param url the token endpoint
     * @param headers request headers, {@code Content-Type} and {@code Accept} included
     * @param formBody the encoded form; it may hold secrets, so it never goes into an exception
     * @throws IOException on connection failures, timeouts, or an answer over the size limit
     */
    TransportResponse post(URI url, Map<String, String> headers, String formBody) throws IOException;
}
