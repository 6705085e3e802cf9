package dev.jwtauthfilter.sample.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain HTTP client for the deployed sample: no redirects followed, no cookie jar (every cookie is
 * sent explicitly, as a browser would send it to that path), every path resolved against one base
 * URL so the WAR could live under any context path.
 */
final class SampleClient {
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JSON = "application/json";
    static final String FOREIGN_ORIGIN = "https://evil.example";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();

    /** A successful browser login: both cookie values. */
    record Login(String accessToken, String refreshToken) {
        String accessCookie() {
            return "access_token=" + accessToken;
        }

        String refreshCookie() {
            return "refresh_token=" + refreshToken;
        }
    }

    SampleClient(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The origin of the deployed app, as a same-origin page would send it. */
    String origin() {
        URI uri = URI.create(base);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** The base URL's path (the context path), "" for the root context. */
    String contextPath() {
        String path = URI.create(base).getPath();
        return path == null ? "" : path;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder builder = request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** A POST with no body, as a logout button sends it. */
    HttpResponse<String> postEmpty(String path, String... headers) {
        return post(path, FORM, "", headers);
    }

    /** The login form submitted from the app's own page. */
    HttpResponse<String> submitLogin(String username, String password) {
        return post(
                "/login",
                FORM,
                form(Map.of("username", username, "password", password)),
                "Origin",
                origin(),
                "Accept",
                "text/html");
    }

    /** Signs in through the login form and returns both cookie values. */
    Login login(String username, String password) {
        HttpResponse<String> response = submitLogin(username, password);
        assertEquals(303, response.statusCode(), () -> "login as " + username + ": " + describe(response));
        return new Login(
                SetCookie.of(response, "access_token").value(),
                SetCookie.of(response, "refresh_token").value());
    }

    /** Gets an access token for an API client from {@code POST /api/token} with a JSON body. */
    String apiToken(String username, String password) {
        String body = MAPPER.createObjectNode()
                .put("username", username)
                .put("password", password)
                .toString();
        HttpResponse<String> response = post("/api/token", JSON, body, "Accept", JSON);
        assertEquals(200, response.statusCode(), () -> "token for " + username + ": " + describe(response));
        return json(response).path("access_token").asText();
    }

    /** The caller as {@code GET /api/me} reports it, with a token as a Bearer header. */
    HttpResponse<String> meWithBearer(String accessToken) {
        return get("/api/me", "Authorization", "Bearer " + accessToken, "Accept", JSON);
    }

    /** The caller as {@code GET /api/me} reports it, with a token as the access cookie. */
    HttpResponse<String> meWithCookie(String accessToken) {
        return get("/api/me", "Cookie", "access_token=" + accessToken, "Accept", JSON);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + describe(response), e);
        }
    }

    static String jsonBody(String name, String value) {
        return MAPPER.createObjectNode().put(name, value).toString();
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String describe(HttpResponse<String> response) {
        String body = response.body();
        return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " "
                + response.headers().map() + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
    }

    /**
     * Waits (polling, bounded) until the app is deployed: its login page answers with anything but
     * the container's own "no such app" (404) or "not ready" (503).
     */
    void awaitDeployed(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(
                        request("/login", "Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 404 && response.statusCode() != 503) {
                    return;
                }
                last = "status " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(250));
        }
        fail("the sample app at " + base + " did not answer GET /login within " + limit + ": " + last);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
