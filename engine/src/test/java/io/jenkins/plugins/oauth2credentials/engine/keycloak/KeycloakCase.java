package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import io.jenkins.plugins.oauth2credentials.engine.testing.RecordingTransport;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every Keycloak test starts from, so that it is set up once: the run's one Keycloak (from
 * {@link KeycloakExtension}), a recording transport closed after each test, and a temporary
 * state folder.
 */
@ExtendWith(KeycloakExtension.class)
abstract class KeycloakCase {
    @RegisterExtension
    final RecordingTransport transport = new RecordingTransport();

    @TempDir
    Path stateDir;

    KeycloakServer keycloak;

    @BeforeEach
    void useKeycloak(KeycloakServer server) {
        this.keycloak = server;
    }
}
