package dev.jwtauthfilter.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.config.TokenSource;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResolverTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final String OTHER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.b3RoZXI";

    private final HttpServletRequest request = mock(HttpServletRequest.class);

    private static TokenResolver resolver(TokenSource... sources) {
        return new TokenResolver(config(sources).build());
    }

    private static JwtAuthConfig.Builder config(TokenSource... sources) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(TestKeys.hmacSecret())
                .tokenSources(sources);
    }

    private static TokenResolver defaultResolver() {
        return resolver(TokenSource.COOKIE, TokenSource.HEADER);
    }

    private void authorization(String... values) {
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(values)));
        when(request.getHeader("Authorization")).thenReturn(values.length == 0 ? null : values[0]);
    }

    private void cookies(Cookie... cookies) {
        when(request.getCookies()).thenReturn(cookies.length == 0 ? null : cookies);
    }

    private InvalidTokenRequestException assertInvalidRequest(TokenResolver resolver) {
        return assertThrows(InvalidTokenRequestException.class, () -> resolver.resolve(request));
    }

    // ---------------------------------------------------------------- single token

    @Test
    void resolveWhenBearerHeaderThenTokenFromHeader() throws Exception {
        authorization("Bearer " + TOKEN);

        assertEquals(
                new ResolvedToken(TOKEN, TokenSource.HEADER), defaultResolver().resolve(request));
    }

    @Test
    void resolveWhenTokenCookieThenTokenFromCookie() throws Exception {
        cookies(new Cookie("access_token", TOKEN));

        assertEquals(
                new ResolvedToken(TOKEN, TokenSource.COOKIE), defaultResolver().resolve(request));
    }

    @Test
    void resolveReadsTheConfiguredCookieName() throws Exception {
        cookies(new Cookie("access_token", OTHER_TOKEN), new Cookie("jwt", TOKEN));

        TokenResolver resolver = new TokenResolver(
                config(TokenSource.COOKIE, TokenSource.HEADER).cookieName("jwt").build());

        assertEquals(new ResolvedToken(TOKEN, TokenSource.COOKIE), resolver.resolve(request));
    }

    @Test
    void resolveIgnoresCookiesWithOtherNames() throws Exception {
        cookies(new Cookie("JSESSIONID", "abc"), new Cookie("theme", "dark"));

        assertNull(defaultResolver().resolve(request));
    }

    @Test
    void resolveWhenNoHeaderAndNoCookiesThenNoToken() throws Exception {
        authorization();
        cookies();

        assertNull(defaultResolver().resolve(request));
    }

    @Test
    void resolveWhenContainerHidesHeadersThenNoToken() throws Exception {
        when(request.getHeaders("Authorization")).thenReturn(null);

        assertNull(defaultResolver().resolve(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer ", "BEARER ", "Bearer ", "bEaReR ", "Bearer   "})
    void resolveWhenBearerSchemeInAnyCaseThenTokenFromHeader(String prefix) throws Exception {
        authorization(prefix + TOKEN);

        assertEquals(
                new ResolvedToken(TOKEN, TokenSource.HEADER), defaultResolver().resolve(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YWxpY2U6c2VjcmV0", "Digest username=\"alice\"", "Token abc", "Bearerx abc", ""})
    void resolveWhenAuthorizationHasAnotherSchemeThenNoToken(String value) throws Exception {
        authorization(value);

        assertNull(defaultResolver().resolve(request));
    }

    @Test
    void resolveWhenOtherSchemeAndTokenCookieThenTokenFromCookie() throws Exception {
        authorization("Basic YWxpY2U6c2VjcmV0");
        cookies(new Cookie("access_token", TOKEN));

        assertEquals(
                new ResolvedToken(TOKEN, TokenSource.COOKIE), defaultResolver().resolve(request));
    }

    @Test
    void resolveWhenTokenCookieIsEmptyThenNoToken() throws Exception {
        cookies(new Cookie("access_token", ""));

        assertNull(defaultResolver().resolve(request));
    }

    // ---------------------------------------------------------------- 400 invalid_request

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "bearer    ", "BEARER\t"})
    void resolveWhenBearerTokenEmptyThenInvalidRequest(String value) {
        authorization(value);

        assertEquals(
                "empty_bearer_token", assertInvalidRequest(defaultResolver()).getMessage());
    }

    @Test
    void resolveWhenTwoAuthorizationHeadersThenInvalidRequest() {
        authorization("Bearer " + TOKEN, "Bearer " + OTHER_TOKEN);

        assertEquals(
                "multiple_authorization_headers",
                assertInvalidRequest(defaultResolver()).getMessage());
    }

    @Test
    void resolveWhenTwoAuthorizationHeadersEvenIfOneIsBasicThenInvalidRequest() {
        authorization("Basic YWxpY2U6c2VjcmV0", "Bearer " + TOKEN);

        assertEquals(
                "multiple_authorization_headers",
                assertInvalidRequest(defaultResolver()).getMessage());
    }

    @Test
    void resolveWhenTokenInHeaderAndCookieThenInvalidRequest() {
        authorization("Bearer " + TOKEN);
        cookies(new Cookie("access_token", TOKEN));

        assertEquals(
                "token_in_header_and_cookie",
                assertInvalidRequest(defaultResolver()).getMessage());
    }

    @Test
    void resolveWhenTokenInHeaderAndCookieThenInvalidRequestWhateverTheSourceOrder() {
        authorization("Bearer " + TOKEN);
        cookies(new Cookie("access_token", OTHER_TOKEN));

        InvalidTokenRequestException e = assertInvalidRequest(resolver(TokenSource.HEADER, TokenSource.COOKIE));

        assertEquals("token_in_header_and_cookie", e.getMessage());
    }

    @Test
    void resolveWhenTwoTokenCookiesThenInvalidRequest() {
        cookies(new Cookie("access_token", TOKEN), new Cookie("access_token", OTHER_TOKEN));

        assertEquals(
                "multiple_token_cookies",
                assertInvalidRequest(defaultResolver()).getMessage());
    }

    @Test
    void resolveWhenTwoTokenCookiesAndOneIsEmptyThenInvalidRequest() {
        cookies(new Cookie("access_token", TOKEN), new Cookie("access_token", ""));

        assertEquals(
                "multiple_token_cookies",
                assertInvalidRequest(defaultResolver()).getMessage());
    }

    @Test
    void invalidRequestExceptionCarriesNoTokenAndNoStackTrace() {
        authorization("Bearer " + TOKEN);
        cookies(new Cookie("access_token", OTHER_TOKEN));

        InvalidTokenRequestException e = assertInvalidRequest(defaultResolver());

        assertEquals(0, e.getStackTrace().length);
        assertNull(e.getCause());
    }

    // ---------------------------------------------------------------- sources left out

    @Test
    void resolveWhenHeaderOnlyThenTokenCookieIsIgnored() throws Exception {
        cookies(new Cookie("access_token", TOKEN));

        assertNull(resolver(TokenSource.HEADER).resolve(request));
        verify(request, never()).getCookies();
    }

    @Test
    void resolveWhenHeaderOnlyAndBothCarryTokensThenHeaderTokenWithout400() throws Exception {
        authorization("Bearer " + TOKEN);
        cookies(new Cookie("access_token", OTHER_TOKEN), new Cookie("access_token", OTHER_TOKEN));

        assertEquals(
                new ResolvedToken(TOKEN, TokenSource.HEADER),
                resolver(TokenSource.HEADER).resolve(request));
    }

    @Test
    void resolveWhenCookieOnlyThenBearerHeaderIsIgnored() throws Exception {
        authorization("Bearer " + TOKEN);

        assertNull(resolver(TokenSource.COOKIE).resolve(request));
        verify(request, never()).getHeaders(anyString());
        verify(request, never()).getHeader(anyString());
    }

    @Test
    void resolveWhenCookieOnlyAndBothCarryTokensThenCookieTokenWithout400() throws Exception {
        authorization("Bearer " + OTHER_TOKEN, "Bearer " + OTHER_TOKEN);
        cookies(new Cookie("access_token", TOKEN));

        assertEquals(
                new ResolvedToken(TOKEN, TokenSource.COOKIE),
                resolver(TokenSource.COOKIE).resolve(request));
    }

    @Test
    void resolveWhenCookieOnlyThenEmptyBearerHeaderIsNo400() throws Exception {
        authorization("Bearer ");

        assertNull(resolver(TokenSource.COOKIE).resolve(request));
    }

    // ---------------------------------------------------------------- query string

    @Test
    void resolveNeverReadsTheQueryStringOrParameters() throws Exception {
        when(request.getQueryString()).thenReturn("access_token=" + TOKEN);
        when(request.getParameter("access_token")).thenReturn(TOKEN);
        when(request.getParameterValues("access_token")).thenReturn(new String[] {TOKEN});
        when(request.getParameterMap()).thenReturn(Map.of("access_token", new String[] {TOKEN}));
        authorization();
        cookies();

        assertNull(defaultResolver().resolve(request));

        verify(request, never()).getQueryString();
        verify(request, never()).getParameter(anyString());
        verify(request, never()).getParameterValues(anyString());
        verify(request, never()).getParameterMap();
        verify(request, never()).getParameterNames();
        verify(request, never()).getInputStream();
        verify(request, never()).getReader();
    }

    @Test
    void resolvedTokenToStringHidesTheToken() {
        assertEquals("ResolvedToken[source=HEADER]", new ResolvedToken(TOKEN, TokenSource.HEADER).toString());
    }
}
