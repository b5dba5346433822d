package io.jenkins.plugins.oauth2credentials.engine;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One encrypted file per credential in a directory: {@code <key>.state}. A write goes to a
 * temporary file that is forced to disk and then atomically renamed over the old one, so a
 * crash leaves the old or the new state. A file that cannot be decrypted or parsed fails with
 * a clear error for that credential only. Files are read and written through streams, not
 * interruptible channels, so an interrupted caller (a build being aborted while it refreshes a
 * token) never fails a write of a refresh token the provider has already rotated.
 *
 * <p>Tunable: {@code FileTokenStateStore.logLimit} (100), the entries kept per credential,
 * prefixed with this class's package name.
 */
public final class FileTokenStateStore implements TokenStateStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String SUFFIX = ".state";

    private final Path directory;
    private final StateCipher cipher;
    private final int logLimit;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final FileBytesReader reader;

    public FileTokenStateStore(Path directory, StateCipher cipher) {
        this(directory, cipher, Tunables.integer(FileTokenStateStore.class, "logLimit", 100));
    }

    public FileTokenStateStore(Path directory, StateCipher cipher, int logLimit) {
        this(directory, cipher, logLimit, FileTokenStateStore::readFile);
    }

    /** With the given way of reading a whole file, which tests use to make reads fail. */
    FileTokenStateStore(Path directory, StateCipher cipher, int logLimit, FileBytesReader reader) {
        this.directory = directory;
        this.cipher = cipher;
        this.logLimit = Math.max(1, logLimit);
        this.reader = reader;
    }

    @Override
    public Optional<TokenState> load(String key) throws StateStoreException {
        TokenStateCodec.Document document = decode(key, readSealed(key));
        return document == null ? Optional.empty() : Optional.of(document.state());
    }

    @Override
    public List<RefreshLogEntry> loadLog(String key) throws StateStoreException {
        TokenStateCodec.Document document = decode(key, readSealed(key));
        return document == null ? List.of() : List.copyOf(document.log());
    }

    @Override
    public void save(String key, TokenState state, RefreshLogEntry entry) throws StateStoreException {
        synchronized (lock(key)) {
            List<RefreshLogEntry> log = new ArrayList<>();
            // An I/O error fails the save: the file may be intact, and replacing it loses its log.
            byte[] sealed = readSealed(key);
            try {
                TokenStateCodec.Document previous = decode(key, sealed);
                if (previous != null) {
                    log.addAll(previous.log());
                }
            } catch (StateStoreException damaged) {
                // A damaged file is replaced: the new state is what matters; its old log is lost.
            }
            if (entry != null) {
                log.add(entry);
            }
            if (log.size() > logLimit) {
                log = new ArrayList<>(log.subList(log.size() - logLimit, log.size()));
            }
            write(key, new TokenStateCodec.Document(state, log));
        }
    }

    @Override
    public void delete(String key) throws StateStoreException {
        synchronized (lock(key)) {
            try {
                Files.deleteIfExists(file(key));
            } catch (IOException e) {
                throw new StateStoreException(EngineMessages.format("FileTokenStateStore.deleteFailed", key), e);
            }
        }
    }

    @Override
    public Set<String> keys() throws StateStoreException {
        Set<String> keys = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return keys;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                keys.add(name.substring(0, name.length() - SUFFIX.length()));
            }
        } catch (IOException e) {
            throw new StateStoreException(EngineMessages.format("FileTokenStateStore.listFailed", directory), e);
        }
        return keys;
    }

    /** The file's bytes, or null when there is no file. */
    private byte[] readSealed(String key) throws StateStoreException {
        Path file = file(key);
        try {
            return reader.read(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // A stream says FileNotFoundException also for a file that exists but cannot be opened.
            if (e instanceof FileNotFoundException && Files.notExists(file)) {
                return null;
            }
            throw new StateStoreException(
                    EngineMessages.format("FileTokenStateStore.readFailed", key), e);
        }
    }

    /** The document in the bytes, null for null, or a failure when it is damaged. */
    private TokenStateCodec.Document decode(String key, byte[] sealed) throws StateStoreException {
        if (sealed == null) {
            return null;
        }
        try {
            return TokenStateCodec.decode(cipher.open(sealed));
        } catch (IOException | RuntimeException e) {
            // The cause's message could quote decrypted content: keep only its type.
            throw new StateStoreException(EngineMessages.format("FileTokenStateStore.damaged", key,
                    e.getClass().getSimpleName()), null);
        }
    }

    private void write(String key, TokenStateCodec.Document document) throws StateStoreException {
        Path target = file(key);
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, key, ".tmp");
            byte[] sealed = cipher.seal(TokenStateCodec.encode(document));
            // A stream, unlike a FileChannel, is not closed by an interrupt of the calling thread.
            try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
                out.write(sealed);
                out.getFD().sync();
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StateStoreException(EngineMessages.format("FileTokenStateStore.writeFailed", key), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless; keys() never lists it.
                }
            }
        }
    }

    private static byte[] readFile(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        }
    }

    private Path file(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a state key: only letters, digits, '-' and '_' are allowed");
        }
        return directory.resolve(key + SUFFIX);
    }

    private Object lock(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    /** Reads a whole file; a missing one may be a NoSuchFileException or a FileNotFoundException. */
    @FunctionalInterface
    interface FileBytesReader {
        byte[] read(Path file) throws IOException;
    }
}
