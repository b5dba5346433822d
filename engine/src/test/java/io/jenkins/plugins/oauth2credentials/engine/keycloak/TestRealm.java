package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.oauth2credentials.engine.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The realm Keycloak imports, read from the very JSON file it imports, so that client secrets,
 * the user and the redirect URI are written down once.
 */
final class TestRealm {
    /** Confidential client for client_credentials, used with client_secret_basic. */
    static final String CLIENT_BASIC = "cc-basic";
    /** Confidential client for client_credentials, used with client_secret_post. */
    static final String CLIENT_POST = "cc-post";
    /** Confidential client whose secret holds {@code + : % & /}. */
    static final String CLIENT_SPECIAL = "cc-special";
    /** Confidential client for authorization_code with PKCE S256 required. */
    static final String CLIENT_CODE = "code-pkce";

    private static final String RESOURCE = "/keycloak/oauth2-test-realm.json";
    private static final byte[] JSON = load();
    private static final JsonNode ROOT = parse(JSON);

    private TestRealm() {}

    static String name() {
        return ROOT.path("realm").asText();
    }

    /** The realm file as Keycloak imports it. */
    static byte[] json() {
        return JSON.clone();
    }

    static SecretValue secretOf(String clientId) {
        return SecretValue.of(client(clientId).path("secret").asText());
    }

    /** The one redirect URI registered for {@link #CLIENT_CODE}; nothing ever listens on it. */
    static String redirectUri() {
        return client(CLIENT_CODE).path("redirectUris").path(0).asText();
    }

    static String userName() {
        return user().path("username").asText();
    }

    static String password() {
        return user().path("credentials").path(0).path("value").asText();
    }

    private static JsonNode user() {
        return ROOT.path("users").path(0);
    }

    private static JsonNode client(String clientId) {
        for (JsonNode client : ROOT.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return client;
            }
        }
        throw new IllegalArgumentException("no client " + clientId + " in " + RESOURCE);
    }

    private static byte[] load() {
        try (InputStream in = TestRealm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
