package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.principal.JwtPrincipal;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.sample.UserDirectory.User;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The issuing side's sign-in session: an access token plus a refresh-token family, set as cookies
 * together, ended together. Revocations go to the filter's own {@link RevocationStore}, found in the
 * {@code ServletContext}, so the filter refuses a signed-out token on the very next request.
 */
final class Sessions {
    private final Settings settings;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final AuthCookies cookies;
    private final ServletContext context;
    private final Clock clock;

    Sessions(
            Settings settings,
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            ServletContext context,
            Clock clock) {
        this.settings = settings;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.cookies = new AuthCookies(settings.secureCookies());
        this.context = context;
        this.clock = clock;
    }

    /** Signs the user in: a new refresh family and its first access token, both as cookies. */
    void start(User user, HttpServletRequest request, HttpServletResponse response) throws InterruptedException {
        RefreshTokens.Grant grant = refreshTokens.start(user.name());
        issue(user, grant, request, response);
    }

    /** Sets the rotated refresh token and a fresh access token, and returns the latter. */
    AccessTokens.Issued issue(
            User user, RefreshTokens.Grant grant, HttpServletRequest request, HttpServletResponse response)
            throws InterruptedException {
        AccessTokens.Issued access = accessTokens.issue(user, grant.familyId());
        refreshTokens.recordAccessToken(grant.familyId(), access.jwtId(), access.expiresAt());
        Instant now = clock.instant();
        cookies.setAccess(request, response, access.token(), access.expiresAt(), now);
        cookies.setRefresh(request, response, grant.token(), grant.expiresAt(), now);
        return access;
    }

    /** Ends the session the request's token belongs to; with {@code everywhere}, every session of the user. */
    void end(JwtPrincipal principal, boolean everywhere, HttpServletRequest request, HttpServletResponse response) {
        RevocationStore store = store();
        store.revoke(principal.getIssuer(), principal.getJwtId(), principal.getExpiresAt());
        if (principal.getClaims().get("sid") instanceof String sid) {
            // Earlier access tokens of this session (before a refresh) may still be alive: revoke them too.
            revokeAll(store, refreshTokens.revokeFamily(sid));
        }
        if (everywhere) {
            accessTokens.revokeAllFor(principal.getSubject(), store);
            refreshTokens.revokeSubject(principal.getSubject());
        }
        cookies.clear(request, response);
    }

    /** A replayed refresh token: the family is already revoked; its access tokens go too. */
    void revokeReused(RefreshTokens.Reused reused) {
        revokeAll(store(), reused.accessTokens());
    }

    private void revokeAll(RevocationStore store, Map<String, Instant> accessTokens) {
        accessTokens.forEach((jti, exp) -> store.revoke(settings.issuer(), jti, exp));
    }

    void clearCookies(HttpServletRequest request, HttpServletResponse response) {
        cookies.clear(request, response);
    }

    private RevocationStore store() {
        Object store = context.getAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
        if (store instanceof RevocationStore revocationStore) {
            return revocationStore;
        }
        throw new IllegalStateException("JwtAuthFilter has not started: no RevocationStore in the ServletContext");
    }
}
