package dev.jwtauthfilter.csrf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginCheckTest {
    private final HttpServletRequest request = mock(HttpServletRequest.class);

    private static OriginCheck check(String... allowedOrigins) {
        return new OriginCheck(JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(TestKeys.hmacSecret())
                .allowedOrigins(allowedOrigins)
                .build());
    }

    /** A request to https://example.org (default port) with the given method. */
    private void request(String method) {
        request(method, "https", "example.org", 443);
    }

    private void request(String method, String scheme, String host, int port) {
        when(request.getMethod()).thenReturn(method);
        when(request.getScheme()).thenReturn(scheme);
        when(request.getServerName()).thenReturn(host);
        when(request.getServerPort()).thenReturn(port);
        when(request.getHeaders("Origin")).thenReturn(Collections.emptyEnumeration());
    }

    private void origin(String... values) {
        when(request.getHeaders("Origin")).thenReturn(Collections.enumeration(List.of(values)));
        when(request.getHeader("Origin")).thenReturn(values[0]);
    }

    private void referer(String value) {
        when(request.getHeader("Referer")).thenReturn(value);
    }

    // ---------------------------------------------------------------- safe methods

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
    void allowsWhenSafeMethodWithoutOriginThenTrue(String method) {
        request(method);

        assertTrue(check().allows(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void allowsWhenSafeMethodFromForeignOriginThenTrue(String method) {
        request(method);
        origin("https://attacker.example");

        assertTrue(check().allows(request));
    }

    // ---------------------------------------------------------------- unsafe methods, Origin

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void allowsWhenUnsafeMethodFromOwnOriginThenTrue(String method) {
        request(method);
        origin("https://example.org");

        assertTrue(check().allows(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "PROPFIND", "post"})
    void allowsWhenUnsafeMethodFromForeignOriginThenFalse(String method) {
        request(method);
        origin("https://attacker.example");

        assertFalse(check().allows(request));
    }

    @ParameterizedTest
    @CsvSource({
        "https, example.org, 443, https://example.org:443",
        "http, example.org, 80, http://example.org",
        "http, example.org, 80, http://example.org:80",
        "http, localhost, 8080, http://localhost:8080",
        "https, Example.ORG, 443, https://example.org",
        "https, example.org, 443, HTTPS://EXAMPLE.ORG",
        "http, ::1, 8080, http://[::1]:8080",
        "http, [::1], 8080, http://[::1]:8080"
    })
    void allowsWhenOriginEqualsRequestOriginAfterNormalisationThenTrue(
            String scheme, String host, int port, String origin) {
        request("POST", scheme, host, port);
        origin(origin);

        assertTrue(check().allows(request));
    }

    @ParameterizedTest
    @CsvSource({
        "https, example.org, 443, http://example.org",
        "http, example.org, 80, https://example.org",
        "http, localhost, 8080, http://localhost",
        "http, localhost, 8080, http://localhost:8081",
        "https, example.org, 443, https://example.org:8443",
        "https, example.org, 443, https://www.example.org",
        "https, example.org, 443, https://org"
    })
    void allowsWhenSchemeHostOrPortDiffersThenFalse(String scheme, String host, int port, String origin) {
        request("POST", scheme, host, port);
        origin(origin);

        assertFalse(check().allows(request));
    }

    @Test
    void allowsWhenOriginHasOwnHostAsPrefixOfAttackerHostThenFalse() {
        request("POST");
        origin("https://example.org.attacker.com");

        assertFalse(check().allows(request));
    }

    @Test
    void allowsWhenOriginIsNullThenFalse() {
        request("POST");
        origin("null");
        referer("https://example.org/form");

        assertFalse(check().allows(request));
    }

    @Test
    void allowsWhenOriginEmptyThenFalse() {
        request("POST");
        origin("");

        assertFalse(check().allows(request));
    }

    @Test
    void allowsWhenTwoOriginHeadersThenFalseEvenIfBothMatch() {
        request("POST");
        origin("https://example.org", "https://example.org");

        assertFalse(check().allows(request));
    }

    @Test
    void allowsWhenForeignOriginThenRefererIsNotConsulted() {
        request("POST");
        origin("https://attacker.example");
        referer("https://example.org/form");

        assertFalse(check().allows(request));
    }

    // ---------------------------------------------------------------- allowedOrigins

    @Test
    void allowsWhenOriginIsInAllowedOriginsThenTrue() {
        request("POST");
        origin("https://app.example.com");

        assertTrue(check("https://app.example.com", "https://admin.example.com").allows(request));
    }

    @Test
    void allowsWhenOriginMatchesAllowedOriginAfterNormalisationThenTrue() {
        request("PUT");
        origin("https://APP.example.com:443");

        assertTrue(check("https://app.example.com").allows(request));
    }

    @Test
    void allowsWhenOriginIsNotInAllowedOriginsThenFalse() {
        request("DELETE");
        origin("https://app.example.com:8443");

        assertFalse(check("https://app.example.com").allows(request));
    }

    @Test
    void allowsWhenOriginIsSubdomainOfAllowedOriginThenFalse() {
        request("POST");
        origin("https://evil.app.example.com");

        assertFalse(check("https://app.example.com").allows(request));
    }

    // ---------------------------------------------------------------- Referer fallback

    @Test
    void allowsWhenNoOriginAndRefererFromOwnOriginThenTrue() {
        request("POST");
        referer("https://example.org/orders/new?draft=1");

        assertTrue(check().allows(request));
    }

    @Test
    void allowsWhenNoOriginAndRefererFromAllowedOriginThenTrue() {
        request("PATCH");
        referer("https://app.example.com/page");

        assertTrue(check("https://app.example.com").allows(request));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://attacker.example/page",
                "https://example.org.attacker.com/",
                "http://example.org/form",
                "/relative/form",
                "not a url"
            })
    void allowsWhenNoOriginAndRefererNotTrustedThenFalse(String referer) {
        request("POST");
        referer(referer);

        assertFalse(check().allows(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void allowsWhenNeitherOriginNorRefererThenFalse(String method) {
        request(method);

        assertFalse(check().allows(request));
    }

    @Test
    void allowsWhenContainerHidesOriginHeadersAndNoRefererThenFalse() {
        request("POST");
        when(request.getHeaders("Origin")).thenReturn(null);

        assertFalse(check().allows(request));
    }
}
