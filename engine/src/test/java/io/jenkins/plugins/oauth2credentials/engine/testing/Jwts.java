package io.jenkins.plugins.oauth2credentials.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads the claims of a JWT access token, without checking its signature: the mock server and
 * Keycloak both issue JWTs, and their claims show whom a token was issued to.
 */
public final class Jwts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwts() {}

    /** The payload of a signed JWT; fails the test if the token is not one. */
    public static JsonNode claims(SecretValue jwt) throws IOException {
        String[] parts = jwt.reveal().split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("the access token is not a signed JWT (" + parts.length
                    + " parts, not 3)");
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }
}
