package dev.jwtauthfilter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

/** The documented defaults that the builder and the init-param parser must both apply. */
final class DocumentedDefaults {
    private DocumentedDefaults() {}

    /**
     * Asserts the defaults of token sources, cookie name, leeway, principal and roles claims, maximum
     * token length, realm and login page; each caller asserts the collections it cares about itself.
     */
    static void assertDocumentedDefaults(JwtAuthConfig config) {
        assertEquals(List.of(TokenSource.COOKIE, TokenSource.HEADER), config.tokenSources());
        assertEquals("access_token", config.cookieName());
        assertEquals(Duration.ofSeconds(30), config.leeway());
        assertEquals("sub", config.principalClaim());
        assertEquals("roles", config.rolesClaim());
        assertEquals(8192, config.maxTokenLength());
        assertTrue(config.realm().isEmpty());
        assertTrue(config.loginPage().isEmpty());
    }
}
