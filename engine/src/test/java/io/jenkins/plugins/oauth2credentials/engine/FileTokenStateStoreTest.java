package io.jenkins.plugins.oauth2credentials.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.oauth2credentials.engine.testing.AesGcmTestCipher;
import io.jenkins.plugins.oauth2credentials.engine.testing.PlainTestCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileTokenStateStoreTest {
    private static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");
    private static final String ACCESS_TOKEN = "AT-store-3b9f0c2e71d84a56";
    private static final String REFRESH_TOKEN = "RT-store-8e1d4c7a20f93b65";

    @TempDir
    Path directory;

    private final AesGcmTestCipher cipher = new AesGcmTestCipher();

    private static TokenState healthy(String accessToken) {
        TokenSet tokens = new TokenSet(SecretValue.of(accessToken), "Bearer",
                SecretValue.of(REFRESH_TOKEN), "read write", T0, T0.plusSeconds(3600),
                T0.plus(Duration.ofDays(30)));
        return new TokenState(tokens, CredentialStatus.HEALTHY, null, 0, null, T0, "fp-1");
    }

    private static TokenState failing() {
        FailureSummary failure = new FailureSummary(T0.plusSeconds(60), FailureKind.TRANSIENT,
                "server_error", "The token endpoint answered HTTP 503 with server_error");
        return new TokenState(healthy(ACCESS_TOKEN).tokens(), CredentialStatus.FAILING, failure, 2,
                T0.plusSeconds(120), T0, "fp-1");
    }

    /** Even entries are successes, odd ones failures, so that both shapes round-trip. */
    private static RefreshLogEntry entry(int n) {
        Instant time = T0.plusSeconds(n);
        if (n % 2 == 0) {
            return new RefreshLogEntry(time, RefreshTrigger.SCHEDULE, "refresh_token", true, null,
                    200, null, null, "entry " + n, 12L + n, time.plusSeconds(3600));
        }
        return new RefreshLogEntry(time, RefreshTrigger.USE, "client_credentials", false,
                FailureKind.TRANSIENT, 503, "server_error", "busy", "entry " + n, 12L + n, null);
    }

    @Test
    void saveWhenLoadedAgainThenStateAndLogRoundTrip() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        store.save("key-1", healthy(ACCESS_TOKEN), entry(0));
        store.save("key-1", failing(), entry(1));

        // A new instance reads what the first wrote, as after a restart.
        FileTokenStateStore reopened = new FileTokenStateStore(directory, cipher, 10);

        assertEquals(Optional.of(failing()), reopened.load("key-1"));
        assertEquals(List.of(entry(0), entry(1)), reopened.loadLog("key-1"));
        assertEquals(Set.of("key-1"), reopened.keys());
    }

    @Test
    void saveWhenNoTokensAndNoEntryThenEmptyStateRoundTripsAndLogUnchanged() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        store.save("k", TokenState.EMPTY, entry(0));

        store.save("k", TokenState.EMPTY, null);

        assertEquals(Optional.of(TokenState.EMPTY), store.load("k"));
        assertEquals(List.of(entry(0)), store.loadLog("k"));
    }

    @Test
    void loadWhenKeyHasNoStateThenEmpty() throws Exception {
        Path missing = directory.resolve("not-yet-created");
        FileTokenStateStore store = new FileTokenStateStore(missing, cipher, 10);

        assertEquals(Optional.empty(), store.load("unknown"));
        assertEquals(List.of(), store.loadLog("unknown"));
        assertEquals(Set.of(), store.keys());
    }

    @Test
    void saveWhenLogOverLimitThenOnlyNewestEntriesKept() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 3);

        for (int n = 0; n < 7; n++) {
            store.save("k", healthy(ACCESS_TOKEN), entry(n));
        }

        assertEquals(List.of(entry(4), entry(5), entry(6)), store.loadLog("k"));
    }

    @Test
    void saveWhenCipherFailsThenOldFileUnchangedByteForByteAndStillReadable() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        store.save("k", healthy(ACCESS_TOKEN), entry(0));
        Path file = directory.resolve("k.state");
        byte[] before = Files.readAllBytes(file);

        cipher.failSeal(true);
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> store.save("k", failing(), entry(1)));

        assertTrue(e.getMessage().contains("k"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(Optional.of(healthy(ACCESS_TOKEN)), store.load("k"));
        assertEquals(List.of(entry(0)), store.loadLog("k"));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void loadWhenFileCorruptThenStateStoreExceptionForThatKeyOnly() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        store.save("good", healthy(ACCESS_TOKEN), entry(0));
        store.save("bad", healthy(ACCESS_TOKEN), entry(0));
        byte[] sealed = Files.readAllBytes(directory.resolve("bad.state"));
        sealed[sealed.length / 2] ^= 0x5A;
        Files.write(directory.resolve("bad.state"), sealed);

        StateStoreException e = assertThrows(StateStoreException.class, () -> store.load("bad"));

        assertTrue(e.getMessage().contains("bad"), e.getMessage());
        assertThrows(StateStoreException.class, () -> store.loadLog("bad"));
        assertEquals(Optional.of(healthy(ACCESS_TOKEN)), store.load("good"));
        assertEquals(Set.of("bad", "good"), store.keys());
    }

    @Test
    void loadWhenSealedWithAnotherKeyThenStateStoreException() throws Exception {
        AesGcmTestCipher otherCipher = new AesGcmTestCipher();
        FileTokenStateStore otherKey = new FileTokenStateStore(directory, otherCipher, 10);
        otherKey.save("k", healthy(ACCESS_TOKEN), null);

        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        assertThrows(StateStoreException.class, () -> store.load("k"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{'version':1}", "{'version':1,'state':{'status':'NOPE'}}",
        "{'version':2,'state':{}}", "[1,2]", "not json"})
    void loadWhenDecryptedContentDamagedThenStateStoreException(String content) throws Exception {
        String json = content.replace('\'', '"');
        Files.write(directory.resolve("k.state"), json.getBytes(StandardCharsets.UTF_8));
        FileTokenStateStore store = new FileTokenStateStore(directory, new PlainTestCipher(), 10);

        assertThrows(StateStoreException.class, () -> store.load("k"));
    }

    @Test
    void saveWhenFileDamagedThenReplacedWithNewState() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        Files.write(directory.resolve("k.state"), new byte[] {1, 2, 3});

        store.save("k", healthy(ACCESS_TOKEN), entry(0));

        assertEquals(Optional.of(healthy(ACCESS_TOKEN)), store.load("k"));
    }

    @Test
    void saveWhenCallerInterruptedThenStateAndLogWrittenAndFlagKept() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        store.save("k", healthy(ACCESS_TOKEN), entry(0));

        Thread.currentThread().interrupt();
        try {
            // As when a build is aborted while its thread stores a rotated refresh token.
            store.save("k", healthy("AT-after-rotation"), entry(1));
            assertEquals(Optional.of(healthy("AT-after-rotation")), store.load("k"));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left to the caller");
        } finally {
            Thread.interrupted();
        }

        FileTokenStateStore reopened = new FileTokenStateStore(directory, cipher, 10);
        assertEquals(Optional.of(healthy("AT-after-rotation")), reopened.load("k"));
        assertEquals(List.of(entry(0), entry(1)), reopened.loadLog("k"));
    }

    @Test
    void saveWhenReadingOldFileFailsThenSaveFailsAndFileAndLogKept() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        store.save("k", healthy(ACCESS_TOKEN), entry(0));
        store.save("k", healthy(ACCESS_TOKEN), entry(1));
        Path file = directory.resolve("k.state");
        byte[] before = Files.readAllBytes(file);
        FileTokenStateStore failingReads = new FileTokenStateStore(directory, cipher, 10, path -> {
            throw new IOException("Input/output error");
        });

        StateStoreException e = assertThrows(StateStoreException.class,
                () -> failingReads.save("k", failing(), entry(2)));

        assertEquals(EngineMessages.format("FileTokenStateStore.readFailed", "k"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(entry(0), entry(1)), store.loadLog("k"));
    }

    @Test
    void loadWhenFileExistsButCannotBeOpenedThenReadFailedNotEmpty() throws Exception {
        // A folder where the file should be: opening it fails although the path exists.
        Files.createDirectories(directory.resolve("k.state"));
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);

        StateStoreException e = assertThrows(StateStoreException.class, () -> store.load("k"));

        assertEquals(EngineMessages.format("FileTokenStateStore.readFailed", "k"), e.getMessage());
        assertThrows(StateStoreException.class, () -> store.save("k", TokenState.EMPTY, null));
    }

    @Test
    void saveWhenRealCipherThenNoTokenInFileBytes() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);

        store.save("k", healthy(ACCESS_TOKEN), entry(0));

        byte[] bytes = Files.readAllBytes(directory.resolve("k.state"));
        String asLatin1 = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String secret : List.of(ACCESS_TOKEN, REFRESH_TOKEN, "AT-store", "RT-store")) {
            assertFalse(asLatin1.contains(secret), secret);
        }
        // Control: with a cipher that does not encrypt, the same check does find the token.
        FileTokenStateStore plain = new FileTokenStateStore(directory, new PlainTestCipher(), 10);
        plain.save("plain", healthy(ACCESS_TOKEN), null);
        assertTrue(Files.readString(directory.resolve("plain.state")).contains(ACCESS_TOKEN));
    }

    @Test
    void saveWhenOnPosixFileSystemThenStateFileReadableByOwnerOnly() throws Exception {
        assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);

        store.save("k", healthy(ACCESS_TOKEN), null);

        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(directory.resolve("k.state")));
    }

    @Test
    void deleteWhenStateExistsThenGoneAndDeletingAgainIsHarmless() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        store.save("k", healthy(ACCESS_TOKEN), entry(0));

        store.delete("k");
        store.delete("k");

        assertEquals(Optional.empty(), store.load("k"));
        assertEquals(Set.of(), store.keys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../escape", "a/b", "a\\b", "a.b", "key with space", "k\u00e9y",
        "k\n", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void everyOperationWhenKeyNotLettersDigitsDashUnderscoreThenRefused(String key) {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);

        assertThrows(IllegalArgumentException.class, () -> store.load(key));
        assertThrows(IllegalArgumentException.class, () -> store.loadLog(key));
        assertThrows(IllegalArgumentException.class, () -> store.save(key, TokenState.EMPTY, null));
        assertThrows(IllegalArgumentException.class, () -> store.delete(key));
        assertFalse(Files.exists(directory.getParent().resolve("escape.state")));
    }

    @Test
    void saveWhenKeyUsesEveryAllowedCharacterThenAccepted() throws Exception {
        FileTokenStateStore store = new FileTokenStateStore(directory, cipher, 10);
        String key = RandomTokens.newStateKey();

        store.save(key, TokenState.EMPTY, null);
        store.save("Az09_-", TokenState.EMPTY, null);

        assertEquals(Set.of(key, "Az09_-"), store.keys());
    }
}
