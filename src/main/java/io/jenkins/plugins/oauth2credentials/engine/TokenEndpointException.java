package io.jenkins.plugins.oauth2credentials.engine;

import java.time.Duration;

/**
 * A token request that did not produce a usable token. The message is written for an
 * administrator and is safe to show: it names the HTTP status, the OAuth error and the client
 * authentication method, and never contains a secret, token, code or verifier.
 */
public final class TokenEndpointException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final int httpStatus;
    private final transient OAuthError oauthError;
    private final String contentType;
    private final String bodyExcerpt;
    private final transient Duration retryAfter;

    private TokenEndpointException(Builder builder, Throwable cause) {
        super(builder.message, cause);
        this.kind = builder.kind;
        this.httpStatus = builder.httpStatus;
        this.oauthError = builder.oauthError;
        this.contentType = builder.contentType;
        this.bodyExcerpt = builder.bodyExcerpt;
        this.retryAfter = builder.retryAfter;
    }

    static Builder builder(FailureKind kind, String message) {
        return new Builder(kind, message);
    }

    /** What the failure means for retrying. */
    public FailureKind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The provider's OAuth error, or null when it sent none. */
    public OAuthError oauthError() {
        return oauthError;
    }

    /** The answer's {@code Content-Type}, or null. */
    public String contentType() {
        return contentType;
    }

    /** The start of an unreadable answer, with anything token-like redacted; or null. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /** How long the provider asked to wait ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    static final class Builder {
        private final FailureKind kind;
        private final String message;
        private int httpStatus;
        private OAuthError oauthError;
        private String contentType;
        private String bodyExcerpt;
        private Duration retryAfter;

        private Builder(FailureKind kind, String message) {
            this.kind = kind;
            this.message = message;
        }

        Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        Builder oauthError(OAuthError oauthError) {
            this.oauthError = oauthError;
            return this;
        }

        Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        Builder bodyExcerpt(String bodyExcerpt) {
            this.bodyExcerpt = bodyExcerpt;
            return this;
        }

        Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        TokenEndpointException build() {
            return new TokenEndpointException(this, null);
        }

        TokenEndpointException build(Throwable cause) {
            return new TokenEndpointException(this, cause);
        }
    }
}
