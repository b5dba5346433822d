package io.jenkins.plugins.oauth2credentials.engine;

import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.json;
import static io.jenkins.plugins.oauth2credentials.engine.ScriptedTransport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import io.jenkins.plugins.oauth2credentials.engine.testing.LogCapture;
import io.jenkins.plugins.oauth2credentials.engine.testing.TestClock;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants distinctive secrets, makes a provider echo them back in every way a token request can
 * fail, and then searches everything the engine lets out: refresh log entries, exceptions with
 * their causes, the text form of its value objects and its java.util.logging records.
 */
class SecretLeakTest {
    private static final String ROOT_LOGGER = "io.jenkins.plugins.oauth2credentials";
    // Outside the token alphabet (: % & space), so only the engine's knowledge of it hides it.
    private static final String CLIENT_SECRET = "Cs+CANARY/client:secret%& 9";
    private static final String ACCESS_TOKEN = "AT.CANARY.access-token-4f1c9e2b7a6d";
    private static final String REFRESH_TOKEN = "RT.CANARY.refresh-token-8e1d4c7a20f9";
    private static final String CODE = "CODE.CANARY.authorization-code-5a1f";
    private static final RefreshPolicy POLICY = new RefreshPolicy(
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(1800));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final TestClock clock = new TestClock();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final AesGcmTestCipher cipher = new AesGcmTestCipher();
    private final Map<String, String> planted = new LinkedHashMap<>();
    private final List<Throwable> thrown = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    private ManagedCredential basic;
    private ManagedCredential post;
    private AuthorizationRequest authorization;

    @Test
    void everyFailureWhenProviderEchoesSecretsThenNoPlantedValueLeaves() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 100);
        TokenManager manager = manager(store);
        basic = new ManagedCredential("leaky", "api-leaky", TestConfigs.authorizationCode()
                .clientSecret(SecretValue.of(CLIENT_SECRET)).build());
        post = new ManagedCredential("poster", "api-poster", TestConfigs.clientCredentials()
                .clientSecret(SecretValue.of(CLIENT_SECRET))
                .authenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST).build());
        authorization = new PendingAuthorizations(clock, Duration.ofMinutes(10), 10)
                .begin(basic.config(), "leaky", "alice", TestConfigs.REDIRECT_URI);
        plant();

        try (LogCapture logs = LogCapture.of(ROOT_LOGGER)) {
            exchangeCodeThroughFailures(manager);
            refreshThroughFailures(manager);
            clientCredentialsThroughFailures(manager);
            List<RefreshLogEntry> entries = new ArrayList<>(manager.log("leaky"));
            entries.addAll(manager.log("poster"));
            storeThroughFailures(manager, store);

            collectValueObjects(manager, entries);
            entries.forEach(this::collectEntry);
            thrown.forEach(this::collectThrowable);
            logs.records().forEach(this::collectRecord);

            assertPlantedValuesWereInPlay(entries, logs.records());
        }

        assertEquals(List.of(), leaks(texts));
    }

    @Test
    void leaksWhenPlantedValueOrItsFormEncodingPresentThenFound() {
        planted.put("client secret", CLIENT_SECRET);

        List<String> found =
                leaks(List.of("x" + CLIENT_SECRET, FormEncoding.encode(CLIENT_SECRET)));

        assertEquals(2, found.size());
        assertEquals(List.of(), leaks(List.of("Cs+CANARY/client")));
    }

    private TokenManager manager(TokenStateStore store) {
        return new TokenManager(new TokenEndpointClient(transport), store, POLICY, clock);
    }

    private void plant() {
        planted.put("client secret", CLIENT_SECRET);
        planted.put("access token", ACCESS_TOKEN);
        planted.put("refresh token", REFRESH_TOKEN);
        planted.put("authorization code", CODE);
        planted.put("PKCE verifier", authorization.codeVerifier().reveal());
        planted.put("state", authorization.state().reveal());
        String header = ClientAuthentication.basic("engine-client", CLIENT_SECRET);
        planted.put("Basic credentials", header.substring("Basic ".length()));
    }

    /** Every planted value, raw and form-encoded, as a careless provider page would show them. */
    private String echo() {
        StringBuilder text = new StringBuilder("you sent:");
        planted.forEach((name, value) -> text.append(' ').append(name).append('=').append(value)
                .append(" encoded=").append(FormEncoding.encode(value)));
        return text.toString();
    }

    private TransportResponse html(int status) {
        String page = "<html><body><h1>Error</h1><p>" + echo() + "</p><input value=\""
                + ACCESS_TOKEN + "\"></body></html>";
        return new TransportResponse(status, "text/html", null, null, page);
    }

    private TransportResponse errorJson(int status, String code) throws Exception {
        String uri = "https://as.example.test/e?state=" + planted.get("state");
        return json(status, JSON.writeValueAsString(
                Map.of("error", code, "error_description", echo(), "error_uri", uri)));
    }

    private void exchangeCodeThroughFailures(TokenManager manager) throws Exception {
        SecretValue code = SecretValue.of(CODE);
        transport.then(html(400))
                .then(errorJson(400, "invalid_grant"))
                .then(errorJson(200, "access_denied"))
                .then(request -> {
                    throw new SocketTimeoutException("Read timed out");
                })
                .then(token(ACCESS_TOKEN, REFRESH_TOKEN, 3600));
        for (int i = 0; i < 4; i++) {
            expectFailure(() -> manager.completeAuthorization(basic, authorization, code));
        }
        manager.completeAuthorization(basic, authorization, code);
    }

    private void refreshThroughFailures(TokenManager manager) throws Exception {
        String location =
                "https://login.example.test/sso?code=" + CODE + "&state=" + planted.get("state");
        String truncated = "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"refresh_token\":\""
                + REFRESH_TOKEN + "\",\"note\":\"" + echo();
        String formError = "error=server_error&error_description=" + FormEncoding.encode(echo());
        clock.advance(Duration.ofSeconds(3601));
        transport.then(html(500))
                .then(errorJson(200, "server_error"))
                .then(new TransportResponse(200, "application/x-www-form-urlencoded", null, null,
                        formError))
                .then(json(200, truncated))
                .then(new TransportResponse(302, "text/html", null, location, echo()))
                .then(new TransportResponse(200, "text/plain", null, null, echo()))
                .then(json(200, "[\"" + REFRESH_TOKEN + "\"]"))
                .then(request -> {
                    throw new ConnectException("Connection refused");
                })
                .then(errorJson(401, "invalid_client"))
                .then(errorJson(400, "invalid_grant"));

        expectFailure(() -> manager.accessToken(basic, Duration.ZERO));
        for (int i = 0; i < 9; i++) {
            expectFailure(() -> manager.refresh(basic, RefreshTrigger.MANUAL));
        }
        expectFailure(() -> manager.accessToken(basic, Duration.ZERO));
        assertEquals(CredentialStatus.NEEDS_REAUTHORIZATION, manager.state("leaky").status());
    }

    private void clientCredentialsThroughFailures(TokenManager manager) throws Exception {
        transport.then(errorJson(401, "invalid_client")).then(html(503));
        expectFailure(() -> manager.accessToken(post, Duration.ZERO));
        expectFailure(() -> manager.refresh(post, RefreshTrigger.MANUAL));
    }

    private void storeThroughFailures(TokenManager manager, FileTokenStateStore store)
            throws Exception {
        cipher.failSeal(true);
        transport.then(token(ACCESS_TOKEN, REFRESH_TOKEN, 3600))
                .then(token(ACCESS_TOKEN, REFRESH_TOKEN, 3600));
        SecretValue code = SecretValue.of(CODE);
        expectFailure(() -> manager.completeAuthorization(basic, authorization, code));
        clock.advance(Duration.ofSeconds(3601));
        expectFailure(() -> manager.accessToken(basic, Duration.ZERO));
        cipher.failSeal(false);

        // A damaged file, read by a manager with nothing in memory, as after a restart.
        String damaged = "{\"garbage\":\"" + REFRESH_TOKEN + "\"}";
        Files.write(directory.resolve("leaky.state"), damaged.getBytes(StandardCharsets.UTF_8));
        TokenManager restarted = manager(store);
        expectFailure(() -> store.load("leaky"));
        expectFailure(() -> restarted.accessToken(basic, Duration.ZERO));
        RefreshSummary summary = restarted.refreshAllDue(List.of(basic), 1);
        texts.add(summary.toString());
        assertEquals(1, summary.failed(), summary::toString);
    }

    private void expectFailure(Executable action) {
        thrown.add(assertThrows(Exception.class, action));
    }

    private void collectValueObjects(TokenManager manager, List<RefreshLogEntry> entries)
            throws Exception {
        TokenSet tokens = new TokenSet(SecretValue.of(ACCESS_TOKEN), "Bearer",
                SecretValue.of(REFRESH_TOKEN), "read", clock.instant(), clock.instant(), null);
        TokenState state = new TokenState(tokens, CredentialStatus.FAILING,
                manager.state("poster").lastFailure(), 1, clock.instant(), clock.instant(), "fp");
        TokenResponse response = new TokenResponse(SecretValue.of(ACCESS_TOKEN), "Bearer",
                SecretValue.of(REFRESH_TOKEN), "read", Duration.ofHours(1), null);
        List<Object> values = List.of(basic, post, basic.config(), authorization, tokens, state,
                manager.state("poster"), SecretValue.of(CLIENT_SECRET), response,
                new TransportResponse(200, "application/json", null, null, echo()),
                new TokenStateCodec.Document(state, entries));
        values.forEach(value -> texts.add(String.valueOf(value)));
    }

    private void collectEntry(RefreshLogEntry entry) {
        for (Object field : new Object[] {entry.time(), entry.trigger(), entry.grant(),
            entry.failureKind(), entry.httpStatus(), entry.error(), entry.errorDescription(),
            entry.message(), entry.durationMillis(), entry.expiresAt(), entry}) {
            texts.add(String.valueOf(field));
        }
    }

    private void collectThrowable(Throwable top) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> pending = new ArrayList<>(List.of(top));
        while (!pending.isEmpty()) {
            Throwable t = pending.remove(0);
            if (!seen.add(t)) {
                continue;
            }
            texts.add(String.valueOf(t.getMessage()));
            texts.add(String.valueOf(t.getLocalizedMessage()));
            texts.add(t.toString());
            if (t instanceof TokenEndpointException e) {
                texts.add(String.valueOf(e.bodyExcerpt()));
                texts.add(String.valueOf(e.contentType()));
                texts.add(String.valueOf(e.oauthError()));
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
    }

    private void collectRecord(LogRecord record) {
        texts.add(LogCapture.formatted(record));
        texts.add(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                texts.add(String.valueOf(parameter));
            }
        }
        if (record.getThrown() != null) {
            collectThrowable(record.getThrown());
        }
    }

    /** Guards against a search that passes because nothing reached it. */
    private void assertPlantedValuesWereInPlay(List<RefreshLogEntry> entries,
            List<LogRecord> records) {
        List<String> sent = transport.requests().stream()
                .map(r -> r.form() + " " + r.headers().get("Authorization")).toList();
        for (String name : List.of("client secret", "refresh token", "authorization code",
                "PKCE verifier", "Basic credentials")) {
            String value = planted.get(name);
            assertTrue(sent.stream().anyMatch(s -> s.contains(value)), name + " was never sent");
        }
        assertTrue(entries.size() >= 15, entries.size() + " log entries");
        assertTrue(entries.stream().anyMatch(e -> String.valueOf(e.errorDescription())
                .contains("[redacted]")), "no echoed description reached the log");
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.FINE), "no FINE record");
        assertTrue(records.stream().anyMatch(r -> r.getThrown() != null), "no record with a cause");
        assertTrue(thrown.size() >= 20, thrown.size() + " failures");
    }

    private List<String> leaks(List<String> candidates) {
        List<String> leaks = new ArrayList<>();
        for (String text : candidates) {
            planted.forEach((name, value) -> {
                if (text.contains(value) || text.contains(FormEncoding.encode(value))) {
                    leaks.add(name + " in: " + text);
                }
            });
        }
        return leaks;
    }
}
