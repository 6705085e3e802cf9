package dev.jwtauthfilter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {
    @ParameterizedTest
    @CsvSource({
        "https://example.org, https://example.org",
        "https://example.org:443, https://example.org",
        "http://example.org:80, http://example.org",
        "https://example.org:8443, https://example.org:8443",
        "http://example.org:443, http://example.org:443",
        "https://example.org:80, https://example.org:80",
        "HTTPS://Example.ORG, https://example.org",
        "https://example.org/some/page?q=1#frag, https://example.org",
        "http://127.0.0.1:8080/x, http://127.0.0.1:8080",
        "http://[::1]:8080/, http://[::1]:8080"
    })
    void ofUrlGivesSerialisedOrigin(String url, String origin) {
        assertEquals(Optional.of(origin), Origins.of(url));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "null",
                "",
                "example.org",
                "/relative/path",
                "ftp://example.org",
                "file:///etc/passwd",
                "javascript:alert(1)",
                "https://user:pw@example.org",
                "https://user@example.org",
                "https://exa mple.org",
                "https://"
            })
    void ofUrlWhenNotAnAbsoluteHttpUrlWithHostThenEmpty(String value) {
        assertEquals(Optional.empty(), Origins.of(value));
    }

    @Test
    void ofUrlKeepsTheWholeHostSoASuffixedHostIsADifferentOrigin() {
        assertEquals(Optional.of("https://example.org.attacker.com"), Origins.of("https://example.org.attacker.com"));
    }

    @ParameterizedTest
    @CsvSource({
        "https, example.org, 443, https://example.org",
        "https, example.org, -1, https://example.org",
        "http, example.org, 80, http://example.org",
        "http, Example.Org, 8080, http://example.org:8080",
        "HTTP, example.org, 443, http://example.org:443",
        "http, ::1, 8080, http://[::1]:8080",
        "http, [::1], 8080, http://[::1]:8080"
    })
    void ofPartsGivesSerialisedOrigin(String scheme, String host, int port, String origin) {
        assertEquals(origin, Origins.of(scheme, host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "http://localhost:8080", "HTTPS://APP.example.com:443"})
    void isBareOriginWhenSchemeHostAndPortOnlyThenTrue(String value) {
        assertTrue(Origins.isBareOrigin(value));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://app.example.com/",
                "https://app.example.com/path",
                "https://app.example.com?q",
                "https://app.example.com#f",
                "*",
                "ftp://app.example.com",
                "app.example.com",
                "https://u@app.example.com"
            })
    void isBareOriginWhenPathQueryFragmentOrOtherShapeThenFalse(String value) {
        assertFalse(Origins.isBareOrigin(value));
    }
}
