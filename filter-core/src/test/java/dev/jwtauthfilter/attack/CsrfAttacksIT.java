package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.TRUSTED_ORIGIN;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSRF on cookie-authenticated unsafe methods (RFC 6750 §5.3, OWASP CSRF cheat sheet, R42, O7,
 * O15): a browser sends the cookie with any cross-site request, so an unsafe method needs an {@code
 * Origin} (or, without one, a {@code Referer}) whose whole origin is the application's own or one it
 * trusts ({@link AttackTarget#TRUSTED_ORIGIN}). Look-alikes, other schemes and ports, {@code null}
 * and no header at all are refused with 403 and no challenge.
 */
class CsrfAttacksIT extends AttackSuite {
    static Stream<String> foreignOrigins() {
        return Stream.of(
                "https://evil.example",
                "https://app.example.com.evil.example",
                "https://evil-app.example.com",
                "https://xapp.example.com",
                "https://app.example.co",
                "https://app.example.com.",
                "http://app.example.com",
                "https://app.example.com:8443",
                "https://app.example.com@evil.example",
                "https://evil.example#https://app.example.com",
                "null",
                "file://",
                "https://app.example.com https://evil.example",
                "https://app.example.com, https://evil.example");
    }

    @ParameterizedTest(name = "Origin: {0}")
    @MethodSource("foreignOrigins")
    void cookiePostFromAForeignOrLookAlikeOriginIsRefused(String origin) throws Exception {
        String token = rs256Token();

        Exchange e = send(RS256_APP, cookiePost(token).header("Origin", origin));

        assertRefused(e, Refusal.CROSS_ORIGIN, token);
    }

    @Test
    void cookiePostFromTheApplicationsOwnOriginOnAnotherSchemeOrPortIsRefused() throws Exception {
        String token = rs256Token();
        for (String origin : List.of(
                "https://127.0.0.1:" + target.port(),
                "http://127.0.0.1:" + (target.port() + 1),
                "http://127.0.0.1",
                "http://localhost:" + target.port(),
                "http://127.0.0.1." + target.port())) {
            Exchange e = send(RS256_APP, cookiePost(token).header("Origin", origin));

            assertRefused(e, Refusal.CROSS_ORIGIN, token);
        }
    }

    @ParameterizedTest(name = "Referer: {0}")
    @ValueSource(
            strings = {
                "https://app.example.com.evil.example/orders",
                "https://evil.example/https://app.example.com/",
                "http://app.example.com/orders",
                "null",
                "/orders"
            })
    void cookiePostWithoutOriginAndAForeignRefererIsRefused(String referer) throws Exception {
        String token = rs256Token();

        Exchange e = send(RS256_APP, cookiePost(token).header("Referer", referer));

        assertRefused(e, Refusal.CROSS_ORIGIN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void cookieRequestWithAnUnsafeMethodAndNeitherOriginNorRefererIsRefused(String method) throws Exception {
        String token = rs256Token();

        Exchange e = send(
                RS256_APP,
                to(RS256_APP, "/api/orders")
                        .method(method, HttpRequest.BodyPublishers.ofString("item=42"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "access_token=" + token));

        assertRefused(e, Refusal.CROSS_ORIGIN, token);
    }

    @Test
    void cookiePostWithTwoOriginHeadersOneOfThemTrustedIsRefused() throws Exception {
        String token = rs256Token();

        Exchange e = raw(
                RS256_APP,
                "POST",
                RS256_APP + "/api/orders",
                List.of(
                        "Cookie: access_token=" + token,
                        "Origin: " + TRUSTED_ORIGIN,
                        "Origin: https://evil.example",
                        "Content-Type: application/x-www-form-urlencoded"),
                "item=42".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertRefused(e, Refusal.CROSS_ORIGIN, token);
    }

    @Test
    void cookiePostFromTheTrustedOriginOrTheApplicationsOwnIsServed() throws Exception {
        assertAccepted(send(RS256_APP, cookiePost(rs256Token()).header("Origin", TRUSTED_ORIGIN)), "alice");
        assertAccepted(
                send(
                        RS256_APP,
                        cookiePost(rs256Token())
                                .header("Origin", target.origin().toString())),
                "alice");
        assertAccepted(
                send(RS256_APP, cookiePost(rs256Token()).header("Referer", TRUSTED_ORIGIN + "/orders?x=1")), "alice");
    }

    @Test
    void bearerPostFromAForeignOriginIsServedBecauseABrowserNeverAddsTheHeaderByItself() throws Exception {
        Exchange e = send(
                RS256_APP,
                to(RS256_APP, "/api/orders")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Authorization", "Bearer " + rs256Token())
                        .header("Origin", "https://evil.example"));

        assertAccepted(e, "alice");
    }

    private HttpRequest.Builder cookiePost(String token) {
        return to(RS256_APP, "/api/orders")
                .POST(HttpRequest.BodyPublishers.ofString("item=42"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "access_token=" + token);
    }
}
