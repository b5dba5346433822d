package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the one {@link KeycloakServer} of the test run: the first class that needs
 * it starts it, every later class shares it, and the JUnit root store closes it (it is
 * {@link AutoCloseable}) when the run ends. Inject it as a constructor or method parameter.
 *
 * <p>A failed start fails every class that uses Keycloak, with Keycloak's log in the message;
 * it is never turned into skipped tests, and it is not retried for each class.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static KeycloakServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Startup.class, key -> Startup.attempt(), Startup.class)
                .serverOrThrow();
    }

    /** The run's one start attempt: a failure is reported to every class, not retried. */
    private record Startup(KeycloakServer server, RuntimeException failure)
            implements AutoCloseable {
        static Startup attempt() {
            try {
                return new Startup(KeycloakServer.start(), null);
            } catch (RuntimeException e) {
                return new Startup(null, e);
            }
        }

        KeycloakServer serverOrThrow() {
            if (failure != null) {
                throw new IllegalStateException("Keycloak did not start for this test run: "
                        + failure.getMessage(), failure);
            }
            return server;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
