package dev.jwtauthfilter.principal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the downstream servlet sees: principal, remote user, roles and auth type from the token. */
class AuthenticatedRequestTest {
    private final HttpServletRequest original = mock(HttpServletRequest.class);
    private final JwtPrincipal principal = new JwtPrincipal(
            "alice@example.com",
            Set.of("user", "orders:read"),
            "https://issuer.test",
            "alice",
            "id-1",
            Instant.parse("2026-03-01T12:00:00Z"),
            Instant.parse("2026-03-01T12:10:00Z"),
            Map.of("sub", "alice"));
    private final AuthenticatedRequest request = new AuthenticatedRequest(original, principal, "JWT");

    @Test
    void getUserPrincipalReturnsTheTokenPrincipal() {
        Principal p = request.getUserPrincipal();

        assertSame(principal, p);
    }

    @Test
    void getUserPrincipalIgnoresTheContainerPrincipal() {
        when(original.getUserPrincipal()).thenReturn(() -> "container-user");

        assertEquals("alice@example.com", request.getUserPrincipal().getName());
    }

    @Test
    void getRemoteUserReturnsThePrincipalName() {
        when(original.getRemoteUser()).thenReturn("container-user");

        assertEquals("alice@example.com", request.getRemoteUser());
    }

    @Test
    void isUserInRoleWhenRoleInTokenThenTrue() {
        assertTrue(request.isUserInRole("orders:read"));
    }

    @Test
    void isUserInRoleWhenRoleNotInTokenThenFalseEvenIfContainerSaysTrue() {
        when(original.isUserInRole("admin")).thenReturn(true);

        assertFalse(request.isUserInRole("admin"));
    }

    @Test
    void isUserInRoleIsCaseSensitive() {
        assertFalse(request.isUserInRole("USER"));
    }

    @Test
    void isUserInRoleWhenNullThenFalse() {
        assertFalse(request.isUserInRole(null));
    }

    @Test
    void getAuthTypeReturnsTheGivenName() {
        when(original.getAuthType()).thenReturn("BASIC");

        assertEquals("JWT", request.getAuthType());
    }

    @Test
    void otherMethodsDelegateToTheOriginalRequest() {
        when(original.getMethod()).thenReturn("PATCH");

        assertEquals("PATCH", request.getMethod());
        verify(original).getMethod();
    }
}
