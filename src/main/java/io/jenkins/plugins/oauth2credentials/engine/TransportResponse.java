package io.jenkins.plugins.oauth2credentials.engine;

/**
 * What a token endpoint answered, as read by a {@link TokenEndpointTransport}.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type} header, or null
 * @param retryAfter the {@code Retry-After} header, or null
 * @param location the {@code Location} header of a redirect, or null
 * @param body the body decoded as text; empty when there was none
 */
public record TransportResponse(int status, String contentType, String retryAfter, String location, String body) {
    @Override
    public String toString() {
        // The body can hold tokens: never part of the text form.
        return "TransportResponse[status=" + status + ", contentType=" + contentType
                + ", bodyLength=" + body.length() + "]";
    }
}
