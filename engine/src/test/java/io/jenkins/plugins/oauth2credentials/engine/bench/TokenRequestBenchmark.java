package io.jenkins.plugins.oauth2credentials.engine.bench;

import io.jenkins.plugins.oauth2credentials.engine.ClientConfiguration;
import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import io.jenkins.plugins.oauth2credentials.engine.ScribeJavaTransport;
import io.jenkins.plugins.oauth2credentials.engine.TokenEndpointClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client credentials token request through the engine (TokenEndpointClient over
 * ScribeJavaTransport: form, client authentication, HTTP, size-limited read, JSON parsing)
 * against raw POSTs of the same form and headers that only read the body: with java.net.http
 * (the judged comparison) and, for reference, with HttpURLConnection, the HTTP stack scribejava
 * uses underneath. All go to the same loopback endpoint, one request at a time, in rounds that
 * rotate which side goes first.
 */
final class TokenRequestBenchmark {
    static final double TARGET_RATIO = 1.15;
    private static final int WARMUP = 2_000;
    private static final int ROUNDS = 12;
    private static final int PER_ROUND = 250;

    private TokenRequestBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println(run().line());
    }

    /** One way of making the request; returns a length so that nothing is optimized away. */
    private interface Side {
        long request() throws Exception;
    }

    static Bench.Result run() throws Exception {
        try (LoopbackTokenEndpoint endpoint = new LoopbackTokenEndpoint(2, 0, 1_000, 0);
                ScribeJavaTransport transport = new ScribeJavaTransport()) {
            ClientConfiguration config = Bench.clientCredentials(endpoint.tokenUrl(), 0).config();
            TokenEndpointClient client = new TokenEndpointClient(transport);
            HttpClient httpClient = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            Map<String, String> headers = headers(config);
            String form = "grant_type=client_credentials&scope="
                    + FormEncoding.encode(config.scopeParameter());
            URI tokenUrl = URI.create(config.tokenUrl().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            headers.forEach(request::header);
            HttpRequest built = request.build();

            Side[] sides = {
                () -> client.clientCredentials(config).accessToken().length(),
                () -> viaHttpClient(httpClient, built),
                () -> viaUrlConnection(config.tokenUrl().toURL(), headers, form),
            };
            long sink = 0;
            for (int i = 0; i < WARMUP; i++) {
                for (Side side : sides) {
                    sink += side.request();
                }
            }
            long[][] nanos = new long[sides.length][ROUNDS * PER_ROUND];
            for (int round = 0; round < ROUNDS; round++) {
                for (int turn = 0; turn < sides.length; turn++) {
                    int which = (round + turn) % sides.length;
                    for (int i = 0; i < PER_ROUND; i++) {
                        long t0 = System.nanoTime();
                        sink += sides[which].request();
                        nanos[which][round * PER_ROUND + i] = System.nanoTime() - t0;
                    }
                }
            }
            double engine = Bench.median(nanos[0]) / 1_000.0;
            double raw = Bench.median(nanos[1]) / 1_000.0;
            double urlConnection = Bench.median(nanos[2]) / 1_000.0;
            double ratio = engine / raw;
            System.out.println(Bench.format("  [1] token request: %d warm-up + %d measured requests "
                    + "per side, access token 1000 chars, %d characters read", WARMUP,
                    ROUNDS * PER_ROUND, sink));
            System.out.println(Bench.format("      engine median %.1f us, raw java.net.http median "
                    + "%.1f us, ratio %.3f", engine, raw, ratio));
            System.out.println(Bench.format("      for reference: raw HttpURLConnection median %.1f us, "
                    + "engine / HttpURLConnection %.3f", urlConnection, engine / urlConnection));
            return new Bench.Result("[1] token request engine / java.net.http",
                    Bench.format("%.1f us / %.1f us = %.3f", engine, raw, ratio), ratio, TARGET_RATIO);
        }
    }

    /** The engine's headers, byte for byte: same client authentication, same Accept. */
    private static Map<String, String> headers(ClientConfiguration config) {
        String pair = FormEncoding.encode(config.clientId()) + ":"
                + FormEncoding.encode(config.clientSecret().reveal());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        byte[] credentials = pair.getBytes(StandardCharsets.UTF_8);
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials));
        return headers;
    }

    private static long viaHttpClient(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body().length();
    }

    private static long viaUrlConnection(URL url, Map<String, String> headers, String form)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestMethod("POST");
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        connection.setDoOutput(true);
        headers.forEach(connection::setRequestProperty);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(form.getBytes(StandardCharsets.UTF_8));
        }
        if (connection.getResponseCode() != 200) {
            throw new IOException("HTTP " + connection.getResponseCode());
        }
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).length();
        }
    }
}
