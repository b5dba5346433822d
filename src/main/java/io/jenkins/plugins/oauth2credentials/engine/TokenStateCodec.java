package io.jenkins.plugins.oauth2credentials.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a state and its log into JSON bytes and back. The bytes hold tokens in plain text, so
 * they only ever go through a {@link StateCipher} before they reach a disk.
 */
final class TokenStateCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private TokenStateCodec() {}

    /** A state and its log, as one stored document. */
    record Document(TokenState state, List<RefreshLogEntry> log) {}

    static byte[] encode(Document document) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.set("state", state(document.state()));
        ArrayNode log = root.putArray("log");
        for (RefreshLogEntry entry : document.log()) {
            log.add(entry(entry));
        }
        return JSON.writeValueAsBytes(root);
    }

    static Document decode(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || root.path("version").asInt() != VERSION) {
            throw new IOException("unknown state format");
        }
        List<RefreshLogEntry> log = new ArrayList<>();
        for (JsonNode entry : root.path("log")) {
            log.add(entry(entry));
        }
        return new Document(state(root.path("state")), log);
    }

    private static ObjectNode state(TokenState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", state.status().name());
        node.put("consecutiveFailures", state.consecutiveFailures());
        putInstant(node, "nextAttemptAt", state.nextAttemptAt());
        putInstant(node, "lastSuccessAt", state.lastSuccessAt());
        node.put("configFingerprint", state.configFingerprint());
        if (state.tokens() != null) {
            TokenSet tokens = state.tokens();
            ObjectNode t = node.putObject("tokens");
            t.put("accessToken", tokens.accessToken().reveal());
            t.put("tokenType", tokens.tokenType());
            t.put("refreshToken", tokens.refreshToken() == null ? null : tokens.refreshToken().reveal());
            t.put("scope", tokens.scope());
            putInstant(t, "obtainedAt", tokens.obtainedAt());
            putInstant(t, "expiresAt", tokens.expiresAt());
            putInstant(t, "refreshTokenExpiresAt", tokens.refreshTokenExpiresAt());
        }
        if (state.lastFailure() != null) {
            FailureSummary failure = state.lastFailure();
            ObjectNode f = node.putObject("lastFailure");
            putInstant(f, "time", failure.time());
            f.put("kind", failure.kind().name());
            f.put("error", failure.error());
            f.put("message", failure.message());
        }
        return node;
    }

    private static TokenState state(JsonNode node) throws IOException {
        if (!node.isObject()) {
            throw new IOException("state missing");
        }
        TokenSet tokens = null;
        JsonNode t = node.path("tokens");
        if (t.isObject()) {
            tokens = new TokenSet(SecretValue.of(text(t, "accessToken")), text(t, "tokenType"),
                    SecretValue.ofNullable(text(t, "refreshToken")), text(t, "scope"), instant(t, "obtainedAt"),
                    instant(t, "expiresAt"), instant(t, "refreshTokenExpiresAt"));
        }
        FailureSummary failure = null;
        JsonNode f = node.path("lastFailure");
        if (f.isObject()) {
            failure = new FailureSummary(instant(f, "time"), FailureKind.valueOf(text(f, "kind")), text(f, "error"),
                    text(f, "message"));
        }
        return new TokenState(tokens, CredentialStatus.valueOf(text(node, "status")), failure,
                node.path("consecutiveFailures").asInt(), instant(node, "nextAttemptAt"),
                instant(node, "lastSuccessAt"), text(node, "configFingerprint"));
    }

    private static ObjectNode entry(RefreshLogEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        putInstant(node, "time", entry.time());
        node.put("trigger", entry.trigger().name());
        node.put("grant", entry.grant());
        node.put("succeeded", entry.succeeded());
        node.put("failureKind", entry.failureKind() == null ? null : entry.failureKind().name());
        node.put("httpStatus", entry.httpStatus());
        node.put("error", entry.error());
        node.put("errorDescription", entry.errorDescription());
        node.put("message", entry.message());
        node.put("durationMillis", entry.durationMillis());
        putInstant(node, "expiresAt", entry.expiresAt());
        return node;
    }

    private static RefreshLogEntry entry(JsonNode node) {
        String kind = text(node, "failureKind");
        return new RefreshLogEntry(instant(node, "time"), RefreshTrigger.valueOf(text(node, "trigger")),
                text(node, "grant"), node.path("succeeded").asBoolean(),
                kind == null ? null : FailureKind.valueOf(kind),
                node.path("httpStatus").asInt(), text(node, "error"), text(node, "errorDescription"),
                text(node, "message"), node.path("durationMillis").asLong(), instant(node, "expiresAt"));
    }

    private static void putInstant(ObjectNode node, String name, Instant instant) {
        node.put(name, instant == null ? null : instant.toString());
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String name) {
        String value = text(node, name);
        return value == null ? null : Instant.parse(value);
    }
}
