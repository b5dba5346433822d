package io.jenkins.plugins.oauth2credentials.engine.keycloak;

import io.jenkins.plugins.oauth2credentials.engine.FormEncoding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plays the browser of a user who logs in at Keycloak: GET the authorization URI, POST the
 * login form, and read where Keycloak redirects back to. The redirect is read, never followed:
 * nothing listens on the callback URI.
 *
 * <p>Keycloak marks its cookies {@code Secure} even over http, so a {@code CookieManager} would
 * not send them back; the driver carries them into a {@code Cookie} header itself.
 */
final class KeycloakLoginForm {
    private static final Pattern LOGIN_FORM =
            Pattern.compile("<form\\b[^>]*\\bid=\"kc-form-login\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");

    private final KeycloakServer keycloak;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    KeycloakLoginForm(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /** Where Keycloak sent the browser after the login, with the query parameters it added. */
    record Callback(URI location, Map<String, String> parameters) {
        /** The redirect target without its query: what must equal the registered redirect URI. */
        String target() {
            return location.getScheme() + "://" + location.getRawAuthority()
                    + location.getRawPath();
        }

        String code() {
            return parameters.get("code");
        }

        String state() {
            return parameters.get("state");
        }
    }

    /** Logs the user in and returns the callback; fails when Keycloak does not redirect back. */
    Callback logIn(URI authorizationUri, String userName, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> page = http.send(request(authorizationUri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new AssertionError("Keycloak answered HTTP " + page.statusCode()
                    + " to the authorization request instead of its login page: "
                    + title(page.body()));
        }
        URI action = formAction(page.body());

        String form = FormEncoding.encode(
                Map.of("username", userName, "password", password, "credentialId", ""));
        HttpResponse<String> answer = http.send(request(action)
                        .header("Cookie", cookies(page))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = answer.headers().firstValue("Location").orElse(null);
        if (answer.statusCode() != 302 || location == null) {
            throw new AssertionError("Keycloak answered HTTP " + answer.statusCode()
                    + " to the login form instead of redirecting back: " + title(answer.body()));
        }
        URI callback = URI.create(location);
        return new Callback(callback, FormEncoding.decode(callback.getRawQuery()));
    }

    private HttpRequest.Builder request(URI uri) {
        // The driver talks to the Keycloak of this run and nowhere else.
        if (!keycloak.serves(uri)) {
            throw new AssertionError("refusing a request outside the test Keycloak: " + uri);
        }
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    }

    private static URI formAction(String html) {
        Matcher form = LOGIN_FORM.matcher(html);
        if (!form.find()) {
            throw new AssertionError("Keycloak's page has no login form: " + title(html));
        }
        Matcher action = ACTION.matcher(form.group());
        if (!action.find()) {
            throw new AssertionError("Keycloak's login form has no action");
        }
        return URI.create(action.group(1).replace("&amp;", "&"));
    }

    /** The {@code name=value} part of every {@code Set-Cookie}, as one {@code Cookie} header. */
    private static String cookies(HttpResponse<?> response) {
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        return setCookies.stream()
                .map(cookie -> cookie.split(";", 2)[0].strip())
                .collect(Collectors.joining("; "));
    }

    private static String title(String html) {
        Matcher title = TITLE.matcher(html == null ? "" : html);
        return title.find() ? "page \"" + title.group(1).strip() + "\"" : "no page title";
    }
}
