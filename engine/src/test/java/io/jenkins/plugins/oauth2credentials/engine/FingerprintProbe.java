package io.jenkins.plugins.oauth2credentials.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the fingerprint of a fixed configuration; ClientConfigurationTest runs it in new JVMs. */
final class FingerprintProbe {
    private FingerprintProbe() {}

    static ClientConfiguration configuration() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : List.of("audience", "resource", "tenant", "realm", "p1", "p2", "p3")) {
            parameters.put(name, "value-of-" + name);
        }
        return TestConfigs.clientCredentials().tokenParameters(parameters).build();
    }

    public static void main(String[] args) {
        System.out.println(configuration().fingerprint());
    }
}
