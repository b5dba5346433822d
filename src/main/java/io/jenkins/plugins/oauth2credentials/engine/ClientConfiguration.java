package io.jenkins.plugins.oauth2credentials.engine;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine needs to know about one OAuth 2.0 client: who it is, which grant it runs and
 * where. Immutable; built and validated by {@link Builder}. Its {@link #toString()} names the
 * client and endpoints, never the secret.
 */
public final class ClientConfiguration {
    /** Form field names, shared with the credential form so that problems point at a field. */
    public static final String FIELD_CLIENT_ID = "clientId";
    public static final String FIELD_CLIENT_SECRET = "clientSecret";
    public static final String FIELD_SCOPES = "scopes";
    public static final String FIELD_GRANT_TYPE = "grantType";
    public static final String FIELD_AUTHORIZATION_URL = "authorizationUrl";
    public static final String FIELD_TOKEN_URL = "tokenUrl";
    public static final String FIELD_AUTHENTICATION_METHOD = "clientAuthenticationMethod";
    public static final String FIELD_SCOPE_SEPARATOR = "scopeSeparator";

    private final String clientId;
    private final SecretValue clientSecret;
    private final List<String> scopes;
    private final String scopeSeparator;
    private final GrantType grantType;
    private final URI authorizationUrl;
    private final URI tokenUrl;
    private final ClientAuthenticationMethod authenticationMethod;
    private final Map<String, String> authorizationParameters;
    private final Map<String, String> tokenParameters;
    private volatile String fingerprint;

    private ClientConfiguration(Builder builder) {
        this.clientId = builder.clientId.strip();
        this.clientSecret = builder.clientSecret;
        this.scopes = Scopes.parse(builder.scopes);
        this.scopeSeparator = builder.scopeSeparator;
        this.grantType = builder.grantType;
        // Only validated (and only used) for authorization_code: leftover text is ignored otherwise.
        this.authorizationUrl = grantType != GrantType.AUTHORIZATION_CODE
                        || builder.authorizationUrl == null || builder.authorizationUrl.isBlank()
                ? null
                : URI.create(builder.authorizationUrl.strip());
        this.tokenUrl = URI.create(builder.tokenUrl.strip());
        this.authenticationMethod = builder.authenticationMethod;
        this.authorizationParameters = Map.copyOf(builder.authorizationParameters);
        this.tokenParameters = Map.copyOf(builder.tokenParameters);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String clientId() {
        return clientId;
    }

    /** The client secret; null for a public client ({@link ClientAuthenticationMethod#NONE}). */
    public SecretValue clientSecret() {
        return clientSecret;
    }

    public List<String> scopes() {
        return scopes;
    }

    /** The scopes as sent on the wire, or null when none are configured. */
    public String scopeParameter() {
        return Scopes.join(scopes, scopeSeparator);
    }

    public GrantType grantType() {
        return grantType;
    }

    /** The authorization endpoint; null for {@link GrantType#CLIENT_CREDENTIALS}. */
    public URI authorizationUrl() {
        return authorizationUrl;
    }

    public URI tokenUrl() {
        return tokenUrl;
    }

    public ClientAuthenticationMethod authenticationMethod() {
        return authenticationMethod;
    }

    public Map<String, String> authorizationParameters() {
        return authorizationParameters;
    }

    public Map<String, String> tokenParameters() {
        return tokenParameters;
    }

    /**
     * A digest of everything that decides which tokens the provider issues, stored with the
     * state so that it can tell when an administrator changed the client. Two parts joined by a
     * dot: the client's identity (client ID, secret, token URL, client authentication and grant)
     * and the shape of its requests (scopes, token parameters). Tokens are only ever handed to
     * the client identity that obtained them ({@link #sameClient}). Safe to store: SHA-256 over
     * the values, which cannot be turned back into the secret.
     */
    public String fingerprint() {
        String cached = fingerprint;
        if (cached == null) {
            // Sorted: Map.copyOf iterates in an order that changes from one JVM to the next.
            cached = digest(List.of(clientId, tokenUrl, grantType, authenticationMethod,
                            clientSecret == null ? "" : clientSecret.reveal()))
                    + "." + digest(List.of(String.valueOf(scopeParameter()), new TreeMap<>(tokenParameters)));
            fingerprint = cached;
        }
        return cached;
    }

    /**
     * Whether two fingerprints belong to the same client identity, whatever their scopes and
     * parameters. False when either is null.
     */
    public static boolean sameClient(String fingerprint, String other) {
        if (fingerprint == null || other == null) {
            return false;
        }
        int dot = fingerprint.indexOf('.');
        return dot > 0 && other.length() > dot && other.charAt(dot) == '.'
                && fingerprint.regionMatches(0, other, 0, dot);
    }

    private static String digest(List<Object> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ClientConfiguration[clientId=" + clientId + ", grantType=" + grantType.wireName()
                + ", tokenUrl=" + tokenUrl + ", authenticationMethod=" + authenticationMethod.wireName() + "]";
    }

    /**
     * Checks one endpoint URL: absolute, http(s), no fragment, and https unless the host is a
     * loopback address (a local test server).
     *
     * @return the problem, or null when the URL is fine
     */
    public static ConfigurationProblem checkEndpoint(String field, String url) {
        if (url == null || url.isBlank()) {
            return fieldProblem(field, "ClientConfiguration.required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return fieldProblem(field, "ClientConfiguration.notUrl");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return fieldProblem(field, "ClientConfiguration.notAbsolute");
        }
        if (uri.getRawFragment() != null) {
            return fieldProblem(field, "ClientConfiguration.fragment");
        }
        if (uri.getRawUserInfo() != null) {
            return fieldProblem(field, "ClientConfiguration.userInfo");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return fieldProblem(field, "ClientConfiguration.notHttps");
        }
        return null;
    }

    private static ConfigurationProblem fieldProblem(String field, String key) {
        return new ConfigurationProblem(field, EngineMessages.format(key, EngineMessages.fieldLabel(field)));
    }

    /** True for {@code localhost} and literal loopback addresses; never resolves a name. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            // 127.0.0.0/8, checked here: InetAddress looks up dotted names it cannot parse.
            String[] octets = bare.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(octets[0]) == 127;
        }
        // Only with a colon and in brackets does InetAddress parse a literal without resolving:
        // a name of hex digits alone ("cafe") would otherwise be looked up.
        if (!bare.contains(":") || !bare.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + bare + "]").isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Collects the fields of a configuration and validates them together. */
    public static final class Builder {
        private String clientId;
        private SecretValue clientSecret;
        private String scopes;
        private String scopeSeparator = " ";
        private GrantType grantType = GrantType.CLIENT_CREDENTIALS;
        private String authorizationUrl;
        private String tokenUrl;
        private ClientAuthenticationMethod authenticationMethod = ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        private Map<String, String> authorizationParameters = Map.of();
        private Map<String, String> tokenParameters = Map.of();

        private Builder() {}

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder clientSecret(SecretValue clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /** Scopes as typed: separated by spaces, commas or newlines. */
        public Builder scopes(String scopes) {
            this.scopes = scopes;
            return this;
        }

        /** The separator on the wire; a space unless the provider needs a comma. */
        public Builder scopeSeparator(String scopeSeparator) {
            this.scopeSeparator = scopeSeparator == null || scopeSeparator.isEmpty() ? " " : scopeSeparator;
            return this;
        }

        public Builder grantType(GrantType grantType) {
            this.grantType = grantType;
            return this;
        }

        public Builder authorizationUrl(String authorizationUrl) {
            this.authorizationUrl = authorizationUrl;
            return this;
        }

        public Builder tokenUrl(String tokenUrl) {
            this.tokenUrl = tokenUrl;
            return this;
        }

        public Builder authenticationMethod(ClientAuthenticationMethod authenticationMethod) {
            this.authenticationMethod = authenticationMethod;
            return this;
        }

        public Builder authorizationParameters(Map<String, String> authorizationParameters) {
            this.authorizationParameters = authorizationParameters == null ? Map.of() : authorizationParameters;
            return this;
        }

        public Builder tokenParameters(Map<String, String> tokenParameters) {
            this.tokenParameters = tokenParameters == null ? Map.of() : tokenParameters;
            return this;
        }

        /** Every problem with the fields as they are now; empty when {@link #build()} will succeed. */
        public List<ConfigurationProblem> validate() {
            List<ConfigurationProblem> problems = new ArrayList<>();
            if (clientId == null || clientId.isBlank()) {
                problems.add(required(FIELD_CLIENT_ID));
            }
            if (grantType == null) {
                problems.add(required(FIELD_GRANT_TYPE));
            }
            if (authenticationMethod == null) {
                problems.add(required(FIELD_AUTHENTICATION_METHOD));
            } else if (authenticationMethod != ClientAuthenticationMethod.NONE && clientSecret == null) {
                problems.add(new ConfigurationProblem(FIELD_CLIENT_SECRET,
                        EngineMessages.format("ClientConfiguration.secretRequired", authenticationMethod.wireName())));
            }
            if (authenticationMethod == ClientAuthenticationMethod.NONE && grantType == GrantType.CLIENT_CREDENTIALS) {
                problems.add(new ConfigurationProblem(FIELD_AUTHENTICATION_METHOD,
                        EngineMessages.format("ClientConfiguration.publicClientCredentials")));
            }
            addIfPresent(problems, checkEndpoint(FIELD_TOKEN_URL, tokenUrl));
            if (grantType == GrantType.AUTHORIZATION_CODE) {
                addIfPresent(problems, checkEndpoint(FIELD_AUTHORIZATION_URL, authorizationUrl));
            }
            if (!" ".equals(scopeSeparator) && !",".equals(scopeSeparator)) {
                problems.add(new ConfigurationProblem(FIELD_SCOPE_SEPARATOR,
                        EngineMessages.format("ClientConfiguration.scopeSeparator")));
            }
            return problems;
        }

        /**
         * Builds the configuration.
         *
         * @throws InvalidConfigurationException with every problem, each naming its field
         */
        public ClientConfiguration build() {
            List<ConfigurationProblem> problems = validate();
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(problems);
            }
            return new ClientConfiguration(this);
        }

        private static ConfigurationProblem required(String field) {
            return fieldProblem(field, "ClientConfiguration.required");
        }

        private static void addIfPresent(List<ConfigurationProblem> problems, ConfigurationProblem problem) {
            if (problem != null) {
                problems.add(problem);
            }
        }
    }
}
