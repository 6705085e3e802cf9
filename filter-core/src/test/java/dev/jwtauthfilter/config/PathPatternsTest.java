package dev.jwtauthfilter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathPatternsTest {
    private static PathPatterns patterns(String... patterns) {
        return PathPatterns.of(List.of(patterns));
    }

    @Test
    void matchesWhenExactPatternEqualsPath() {
        assertTrue(patterns("/login").matches("/login"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login/", "/login/x", "/loginx", "/Login", "/", "/log"})
    void matchesWhenExactPatternDiffersThenFalse(String path) {
        assertFalse(patterns("/login").matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public", "/public/", "/public/app.css", "/public/a/b/c"})
    void matchesWhenPrefixPatternCoversPathOrBarePrefixThenTrue(String path) {
        assertTrue(patterns("/public/*").matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/publicity", "/public-data", "/publi", "/other/public/x", "/Public/x"})
    void matchesWhenPathOnlySharesTheLettersOfThePrefixThenFalse(String path) {
        assertFalse(patterns("/public/*").matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app.css", "/a/b/site.css", "/.css"})
    void matchesWhenExtensionPatternMatchesLastSegmentThenTrue(String path) {
        assertTrue(patterns("*.css").matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app.cssx", "/app.css/secret", "/app.scss", "/appcss", "/app.CSS", "/dir.css/"})
    void matchesWhenExtensionPatternDoesNotEndTheLastSegmentThenFalse(String path) {
        assertFalse(patterns("*.css").matches(path));
    }

    @Test
    void matchesWhenRootPrefixThenEveryPath() {
        PathPatterns all = patterns("/*");

        assertTrue(all.matches("/"));
        assertTrue(all.matches("/anything/at/all"));
    }

    @Test
    void matchesWhenAnyOfSeveralPatternsMatchesThenTrue() {
        PathPatterns p = patterns("/login", "/static/*", "*.js");

        assertTrue(p.matches("/login"));
        assertTrue(p.matches("/static/logo.png"));
        assertTrue(p.matches("/api/app.js"));
        assertFalse(p.matches("/api/orders"));
    }

    @Test
    void matchesWhenNoPatternsThenNothingIsExcluded() {
        PathPatterns none = PathPatterns.of(List.of());

        assertFalse(none.matches("/"));
        assertFalse(none.matches("/login"));
    }

    @Test
    void ofNullGivesNoPatterns() {
        assertEquals(List.of(), PathPatterns.of(null).patterns());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "login", "public/*", "/pub*", "/public/*/x", "/*/x", "*.", "*.c/ss", "*.c*", "**.css", "/a*b"
            })
    void ofWhenPatternHasAnotherShapeThenRefusedNamingExcludePaths(String pattern) {
        ConfigException e = assertThrows(ConfigException.class, () -> patterns("/ok", pattern));

        assertEquals("excludePaths", e.parameter());
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'excludePaths' has the pattern '" + pattern
                        + "'; allowed are exact paths like /login, prefixes like /public/* and extensions like *.css",
                e.getMessage());
    }

    @Test
    void ofWhenPatternNullThenRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> PathPatterns.of(Arrays.asList("/ok", null)));

        assertEquals("excludePaths", e.parameter());
    }

    @Test
    void patternsAreKeptAsConfiguredAndImmutable() {
        PathPatterns p = patterns("/login", "*.css");

        assertEquals(List.of("/login", "*.css"), p.patterns());
        assertThrows(UnsupportedOperationException.class, () -> p.patterns().add("/x"));
    }
}
