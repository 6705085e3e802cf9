package dev.jwtauthfilter.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginRedirectTest {
    /** What Chromium sends for a top-level navigation. */
    private static final String CHROMIUM_NAVIGATION = "text/html,application/xhtml+xml,application/xml;q=0.9,"
            + "image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
    /** What Firefox sends for a top-level navigation. */
    private static final String FIREFOX_NAVIGATION = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final RecordingResponse recorded = new RecordingResponse();

    private void request(String method, String accept, String contextPath) {
        when(request.getMethod()).thenReturn(method);
        when(request.getHeader("Accept")).thenReturn(accept);
        when(request.getContextPath()).thenReturn(contextPath);
    }

    // ---------------------------------------------------------------- browser navigations

    @Test
    void redirectIfNavigationWhenChromiumNavigatesThenRedirectsToLoginPage() {
        request("GET", CHROMIUM_NAVIGATION, "");

        assertTrue(new LoginRedirect("/login").redirectIfNavigation(request, recorded.response));
        assertEquals(302, recorded.status());
        assertEquals(Map.of("Location", List.of("/login"), "Cache-Control", List.of("no-store")), recorded.headers());
    }

    @Test
    void redirectIfNavigationWhenFirefoxNavigatesThenRedirects() {
        request("GET", FIREFOX_NAVIGATION, "");

        assertTrue(new LoginRedirect("/login").redirectIfNavigation(request, recorded.response));
        assertEquals("/login", recorded.header("Location"));
    }

    @Test
    void redirectIfNavigationWhenHeadRequestPrefersHtmlThenRedirects() {
        request("HEAD", "text/html", "");

        assertTrue(new LoginRedirect("/login").redirectIfNavigation(request, recorded.response));
        assertEquals(302, recorded.status());
    }

    @Test
    void redirectIfNavigationPrefixesTheContextPath() {
        request("GET", CHROMIUM_NAVIGATION, "/shop");

        new LoginRedirect("/login").redirectIfNavigation(request, recorded.response);

        assertEquals("/shop/login", recorded.header("Location"));
    }

    @Test
    void redirectIfNavigationKeepsAbsoluteLoginUrlAsIs() {
        request("GET", CHROMIUM_NAVIGATION, "/shop");

        new LoginRedirect("https://login.example.com/authorize?client=shop")
                .redirectIfNavigation(request, recorded.response);

        assertEquals("https://login.example.com/authorize?client=shop", recorded.header("Location"));
    }

    @Test
    void redirectIfNavigationSetsStatusAndHeaderWithoutSendRedirect() {
        request("GET", CHROMIUM_NAVIGATION, "/shop");

        new LoginRedirect("/login").redirectIfNavigation(request, recorded.response);

        assertFalse(recorded.containerErrorOrRedirectUsed());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"TEXT/HTML", "text/html;q=0.9, application/json;q=0.5", "application/json;q=0.1, text/html"})
    void redirectIfNavigationWhenHtmlHasTheHighestQualityThenRedirects(String accept) {
        request("GET", accept, "");

        assertTrue(new LoginRedirect("/login").redirectIfNavigation(request, recorded.response));
    }

    // ---------------------------------------------------------------- API calls keep their 401

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*/*",
                "application/json",
                "text/html;q=0.5,application/json",
                "text/html;q=0",
                "text/*",
                "application/json, text/plain, */*",
                "text/html;q=abc",
                ""
            })
    void redirectIfNavigationWhenHtmlIsNotPreferredThenLeavesResponseUntouched(String accept) {
        HttpServletResponse response = mock(HttpServletResponse.class);
        request("GET", accept, "");

        assertFalse(new LoginRedirect("/login").redirectIfNavigation(request, response));
        verifyNoInteractions(response);
    }

    @Test
    void redirectIfNavigationWhenNoAcceptHeaderThenNoRedirect() {
        HttpServletResponse response = mock(HttpServletResponse.class);
        request("GET", null, "");

        assertFalse(new LoginRedirect("/login").redirectIfNavigation(request, response));
        verifyNoInteractions(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void redirectIfNavigationWhenNotGetOrHeadThenNeverRedirects(String method) {
        HttpServletResponse response = mock(HttpServletResponse.class);
        request(method, CHROMIUM_NAVIGATION, "");

        assertFalse(new LoginRedirect("/login").redirectIfNavigation(request, response));
        verifyNoInteractions(response);
    }

    @Test
    void redirectIfNavigationWhenNotRedirectedThenSetsNoLocation() {
        request("GET", "application/json", "");

        new LoginRedirect("/login").redirectIfNavigation(request, recorded.response);

        assertNull(recorded.status());
        assertNull(recorded.header("Location"));
    }
}
