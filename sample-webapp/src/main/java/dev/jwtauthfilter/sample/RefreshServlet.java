package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.sample.UserDirectory.User;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /auth/refresh}: trades the refresh cookie for a new one and a new access token. It runs
 * outside the filter (the access token may have expired), so it checks the origin itself: the
 * refresh cookie is a credential, and SameSite is a second line, not the only one.
 */
final class RefreshServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(RefreshServlet.class.getName());

    private final transient RefreshTokens refreshTokens;
    private final transient UserDirectory users;
    private final transient Sessions sessions;

    RefreshServlet(RefreshTokens refreshTokens, UserDirectory users, Sessions sessions) {
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!SameOrigin.proven(request)) {
            Json.write(response, 403, "{\"error\":\"forbidden\"}");
            return;
        }
        String presented = AuthCookies.read(request, AuthCookies.REFRESH);
        RefreshTokens.Outcome outcome = refreshTokens.rotate(presented);
        if (outcome instanceof RefreshTokens.Rotated rotated) {
            Optional<User> user = users.find(rotated.grant().subject());
            if (user.isPresent()) {
                respond(user.get(), rotated.grant(), request, response);
                return;
            }
        } else if (outcome instanceof RefreshTokens.Reused reused) {
            LOG.log(Level.WARNING, "A retired refresh token was presented again; its session is revoked");
            sessions.revokeReused(reused);
        }
        if (presented != null) {
            // Only a dead refresh token is cleared: a browser that sent none may be signing in right now.
            sessions.clearCookies(request, response);
        }
        Json.write(response, 401, "{\"error\":\"invalid_grant\"}");
    }

    private void respond(User user, RefreshTokens.Grant grant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AccessTokens.Issued issued;
        try {
            issued = sessions.issue(user, grant, request, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Json.write(response, 503, "{\"error\":\"temporarily_unavailable\"}");
            return;
        }
        // As in an OAuth token response, expires_in is the token's lifetime (RFC 6749 §5.1).
        long lifetime = Duration.between(issued.issuedAt(), issued.expiresAt()).toSeconds();
        Json.write(
                response,
                200,
                "{\"expires_in\":" + lifetime + ",\"exp\":" + issued.expiresAt().getEpochSecond() + "}");
    }
}
