package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Keycloak process started from the distribution the engine POM unpacks (system property
 * {@code keycloak.home}), bound to 127.0.0.1 on free ports, with the {@link TestRealm} imported
 * into an in-memory database so that every run starts from the same realm.
 *
 * <p>Keycloak's own output goes to {@code keycloak-server.log} beside its home folder, inside
 * the build folder. Start timeout: system property {@code keycloak.startTimeoutSeconds} (240).
 * A first start on a fresh unpack builds Keycloak (about 36 s on 2 cores); later ones take 12-25 s.
 */
final class KeycloakServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int LOG_TAIL_LINES = 60;

    private final Process process;
    private final URI baseUri;
    private final Thread shutdownHook;

    private KeycloakServer(Process process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
        // A backstop for a JVM that ends without closing the JUnit root store.
        this.shutdownHook = new Thread(() -> stop(process, Duration.ofSeconds(30)), "keycloak-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts Keycloak and waits until it is ready and serves the test realm.
     *
     * @throws IllegalStateException when the distribution is missing or Keycloak does not start,
     *     with the end of Keycloak's log in the message
     */
    static KeycloakServer start() {
        Path home = keycloakHome();
        Path log = home.getParent().resolve("keycloak-server.log");
        Duration timeout = Duration.ofSeconds(Long.getLong("keycloak.startTimeoutSeconds", 240));
        int httpPort = freePort();
        int managementPort = freePort();
        while (managementPort == httpPort) {
            managementPort = freePort();
        }
        URI baseUri = URI.create("http://" + HOST + ":" + httpPort);
        URI health = URI.create("http://" + HOST + ":" + managementPort + "/health/ready");

        List<String> command = List.of("/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=" + HOST, "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--health-enabled=true",
                "--import-realm", "--db=dev-mem");
        long started = System.nanoTime();
        Process process;
        try {
            writeImport(home);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("KC_"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", randomPassword());
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command + ": " + e, e);
        }

        try {
            waitUntilReady(process, baseUri, health, timeout, log);
        } catch (RuntimeException e) {
            // While booting Keycloak may hold SIGTERM back; nothing in it is worth waiting for.
            stop(process, Duration.ofSeconds(5));
            throw e;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // On the console, not in a log record: the start time belongs in every CI log.
        System.out.printf("Keycloak started in %.1f s at %s (management port %d), its log: %s%n",
                seconds, baseUri, managementPort, log);
        return new KeycloakServer(process, baseUri);
    }

    URI realmUri() {
        return baseUri.resolve("/realms/" + TestRealm.name());
    }

    URI tokenEndpoint() {
        return URI.create(realmUri() + "/protocol/openid-connect/token");
    }

    URI authorizationEndpoint() {
        return URI.create(realmUri() + "/protocol/openid-connect/auth");
    }

    /** True when the URI points at this server, the only place the tests send requests to. */
    boolean serves(URI uri) {
        return "http".equals(uri.getScheme()) && HOST.equals(uri.getHost())
                && uri.getPort() == baseUri.getPort();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: it stops the process itself.
        }
        stop(process, Duration.ofSeconds(30));
    }

    /** SIGTERM first, which kc.sh forwards to Keycloak's JVM; then kill whatever is left. */
    private static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Path keycloakHome() {
        String property = System.getProperty("keycloak.home");
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("System property keycloak.home is not set. Run these tests"
                    + " through the engine POM (mvn -f engine/pom.xml verify), which unpacks Keycloak"
                    + " and sets it.");
        }
        Path home = Paths.get(property).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("keycloak.home=" + home + " holds no bin/kc.sh. The engine"
                    + " POM unpacks org.keycloak:keycloak-quarkus-dist there in generate-test-resources"
                    + " (not with -Dkeycloak.skip=true).");
        }
        return home;
    }

    /** Keycloak imports every file in data/import and wants each named {@code <realm>-realm.json}. */
    private static void writeImport(Path home) throws IOException {
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(imports, "*.json")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        Files.write(imports.resolve(TestRealm.name() + "-realm.json"), TestRealm.json());
    }

    private static void waitUntilReady(Process process, URI baseUri, URI health, Duration timeout,
            Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(baseUri + "/realms/" + TestRealm.name()
                + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(answersOk(http, health) && answersOk(http, discovery))) {
            if (!process.isAlive()) {
                throw failure("Keycloak exited with status " + process.exitValue()
                        + " before it was ready", log);
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure("Keycloak was not ready within " + timeout.toSeconds()
                        + " s (system property keycloak.startTimeoutSeconds)", log);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("Interrupted while waiting for Keycloak", log);
            }
        }
    }

    private static boolean answersOk(HttpClient http, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static IllegalStateException failure(String reason, Path log) {
        return new IllegalStateException(reason + ". Keycloak's log: " + log
                + "\n--- last lines ---\n" + tail(log) + "\n--- end of log ---");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
            return String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read the log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
