package dev.jwtauthfilter.principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** The request the downstream servlet sees once the token has been verified and not revoked. */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final JwtPrincipal principal;
    private final String authType;

    /**
     * Wraps a request.
     *
     * @param request the original request
     * @param principal the verified caller
     * @param authType the value {@link #getAuthType()} returns
     */
    public AuthenticatedRequest(HttpServletRequest request, JwtPrincipal principal, String authType) {
        super(request);
        this.principal = principal;
        this.authType = authType;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.hasRole(role);
    }

    @Override
    public String getAuthType() {
        return authType;
    }
}
