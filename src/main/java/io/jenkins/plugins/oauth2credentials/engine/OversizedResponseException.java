package io.jenkins.plugins.oauth2credentials.engine;

import java.io.IOException;

/** A token endpoint answer longer than the transport accepts; nothing of it is kept. */
public final class OversizedResponseException extends IOException {
    private static final long serialVersionUID = 1L;

    public OversizedResponseException(int limit) {
        super(EngineMessages.format("OversizedResponseException.message", limit));
    }
}
