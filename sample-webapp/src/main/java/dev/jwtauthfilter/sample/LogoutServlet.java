package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.principal.JwtPrincipal;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /logout} ends this session; {@code POST /logout-all} ends every session of the user.
 * Both run behind the filter, so only a valid, same-origin (for cookies) token gets here. If the
 * revocation cannot be recorded, the user is told so: a sign-out that silently failed would leave a
 * working token behind.
 */
final class LogoutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Sessions sessions;
    private final boolean everywhere;

    LogoutServlet(Sessions sessions, boolean everywhere) {
        this.sessions = sessions;
        this.everywhere = everywhere;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(request.getUserPrincipal() instanceof JwtPrincipal principal)) {
            response.sendError(401);
            return;
        }
        try {
            sessions.end(principal, everywhere, request, response);
        } catch (RevocationStoreException e) {
            response.setHeader("Retry-After", "5");
            Html.page(
                    request,
                    response,
                    503,
                    "Sign-out failed",
                    "<h1>Sign-out failed</h1><p>Your sign-out could not be recorded. Please try again.</p>",
                    null);
            return;
        }
        response.setStatus(303);
        response.setHeader("Location", request.getContextPath() + "/login");
    }
}
