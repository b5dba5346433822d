package io.jenkins.plugins.oauth2credentials.engine.cases;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A token endpoint that really checks client authentication, in one of the two ways servers
 * read an HTTP Basic header: a compliant one form-decodes both halves (RFC 6749 section 2.3.1),
 * a legacy one compares them raw. Credentials in the body are form-decoded by both, as any form
 * parameter is. A known client gets a token; anything else gets 401 {@code invalid_client}.
 */
final class ClientCheckingTokenEndpoint implements ResponseDefinitionTransformerV2 {
    static final String COMPLIANT = "compliant-token-endpoint";
    static final String LEGACY = "legacy-token-endpoint";

    private final String name;
    private final Set<Map.Entry<String, String>> clients;
    private final UnaryOperator<String> basicHalfDecoder;

    private ClientCheckingTokenEndpoint(String name, Set<Map.Entry<String, String>> clients,
            UnaryOperator<String> basicHalfDecoder) {
        this.name = name;
        this.clients = Set.copyOf(clients);
        this.basicHalfDecoder = basicHalfDecoder;
    }

    /** @param clients the registered (client ID, secret) pairs */
    static ClientCheckingTokenEndpoint compliant(Set<Map.Entry<String, String>> clients) {
        return new ClientCheckingTokenEndpoint(COMPLIANT, clients,
                half -> URLDecoder.decode(half, StandardCharsets.UTF_8));
    }

    static ClientCheckingTokenEndpoint legacy(Set<Map.Entry<String, String>> clients) {
        return new ClientCheckingTokenEndpoint(LEGACY, clients, UnaryOperator.identity());
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        LoggedRequest request = serveEvent.getRequest();
        String authorization = request.getHeader("Authorization");
        String clientId;
        String secret;
        if (authorization != null && authorization.startsWith("Basic ")) {
            byte[] decoded = Base64.getDecoder().decode(authorization.substring("Basic ".length()));
            String pair = new String(decoded, StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon < 0) {
                return invalidClient();
            }
            clientId = basicHalfDecoder.apply(pair.substring(0, colon));
            secret = basicHalfDecoder.apply(pair.substring(colon + 1));
        } else {
            Map<String, String> form = TokenEndpointCase.formOf(request);
            clientId = form.get("client_id");
            secret = form.get("client_secret");
        }
        if (clientId == null || secret == null || !clients.contains(Map.entry(clientId, secret))) {
            return invalidClient();
        }
        return new ResponseDefinitionBuilder()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"AT-" + name + "\",\"expires_in\":3600}")
                .build();
    }

    private static ResponseDefinition invalidClient() {
        return new ResponseDefinitionBuilder()
                .withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withHeader("WWW-Authenticate", "Basic realm=\"oauth\"")
                .withBody("{\"error\":\"invalid_client\"}")
                .build();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }
}
