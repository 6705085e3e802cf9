package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.JwtAuthMetrics;
import dev.jwtauthfilter.jwks.JwksKeySource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /admin}, for role {@code admin} only, decided with {@code request.isUserInRole("admin")}
 * from the token's {@code roles} claim; others get a 403 page.
 */
final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SigningKeys keys;
    private final transient JwksKeySource apiJwks;

    /** @param apiJwks the API filter's JWKS client in the multi-service setup, else null */
    AdminServlet(SigningKeys keys, JwksKeySource apiJwks) {
        this.keys = keys;
        this.apiJwks = apiJwks;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole("admin")) {
            forbidden(request, response);
            return;
        }
        String ctx = Html.escape(request.getContextPath());
        String body = "<section class=\"card\"><h1>Admin</h1>\n"
                + "<p>Signed in as <span id=\"user-name\">" + Html.escape(request.getRemoteUser()) + "</span>.</p>\n"
                + "<p>Current signing key: <code id=\"current-kid\">" + Html.escape(keys.currentKeyId()) + "</code>"
                + " (see <a href=\"" + ctx + "/.well-known/jwks.json\">JWKS</a>).</p>\n"
                + "<p>API keys: <span id=\"api-keys\">" + Html.escape(apiKeys()) + "</span></p>\n"
                + metrics(request, "jwt") + metrics(request, "jwt-api")
                + "<form id=\"rotate-form\" method=\"post\" action=\"" + ctx + "/admin/rotate-key\">"
                + "<button>Rotate signing key</button></form>\n"
                + "<p><a href=\"" + ctx + "/app\">Back to the app</a></p></section>";
        Html.page(request, response, 200, "Admin", body, null);
    }

    private String apiKeys() {
        return apiJwks == null
                ? "the in-process key ring"
                : "JWKS over HTTP, " + apiJwks.fetches() + " fetches, " + apiJwks.fetchFailures() + " failed";
    }

    /** The filter's counters, as an operator would feed them to a metrics system. */
    private static String metrics(HttpServletRequest request, String filterName) {
        Object metrics = request.getServletContext().getAttribute(JwtAuthFilter.METRICS_ATTRIBUTE + "." + filterName);
        if (!(metrics instanceof JwtAuthMetrics m)) {
            return "";
        }
        JwtAuthMetrics.Snapshot snapshot = m.snapshot();
        return "<p>Filter <code>" + Html.escape(filterName) + "</code>: " + snapshot.tokensAccepted()
                + " tokens accepted, " + snapshot.tokensRejectedTotal() + " refused, " + snapshot.unavailable()
                + " answered 503.</p>\n";
    }

    static void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String ctx = Html.escape(request.getContextPath());
        Html.page(
                request,
                response,
                403,
                "Forbidden",
                "<section class=\"card\"><h1>Forbidden</h1><p>This page is for administrators only.</p>"
                        + "<p><a href=\"" + ctx + "/app\">Back to the app</a></p></section>",
                null);
    }
}
