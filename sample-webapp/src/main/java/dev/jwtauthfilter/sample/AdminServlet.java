package dev.jwtauthfilter.sample;

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

    AdminServlet(SigningKeys keys) {
        this.keys = keys;
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
                + "<form id=\"rotate-form\" method=\"post\" action=\"" + ctx + "/admin/rotate-key\">"
                + "<button>Rotate signing key</button></form>\n"
                + "<p><a href=\"" + ctx + "/app\">Back to the app</a></p></section>";
        Html.page(request, response, 200, "Admin", body, null);
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
