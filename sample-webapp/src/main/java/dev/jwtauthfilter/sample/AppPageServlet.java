package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.principal.JwtPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.TreeSet;

/**
 * {@code GET /app}: the signed-in page. Everything on it comes from the verified token the filter put
 * on the request; the token itself is never written into the page.
 */
final class AppPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JwtPrincipal principal = (JwtPrincipal) request.getUserPrincipal();
        String ctx = Html.escape(request.getContextPath());
        Instant expires = principal.getExpiresAt();
        String body = "<section class=\"card\"><h1>Signed in as <span id=\"user-name\">"
                + Html.escape(request.getRemoteUser()) + "</span></h1>\n"
                + "<p>Roles: <span id=\"roles\">" + Html.escape(String.join(", ", new TreeSet<>(principal.getRoles())))
                + "</span></p>\n"
                + "<p>Access token expires at <time id=\"token-expiry\" datetime=\"" + expires + "\" data-exp=\""
                + expires.getEpochSecond() + "\">" + expires + "</time>; the page renews it in the background.</p>\n"
                + (request.isUserInRole("admin") ? "<p><a href=\"" + ctx + "/admin\">Admin page</a></p>\n" : "")
                + "<div class=\"actions\">"
                + "<form id=\"logout-form\" method=\"post\" action=\"" + ctx
                + "/logout\"><button>Sign out</button></form>"
                + "<form id=\"logout-all-form\" method=\"post\" action=\"" + ctx + "/logout-all\">"
                + "<button>Sign out everywhere</button></form></div></section>\n"
                + "<section class=\"card\"><h2>My todos</h2>\n"
                + "<form id=\"todo-form\"><input name=\"title\" maxlength=\"200\" required placeholder=\"Something to do\">"
                + "<button>Add</button></form>\n"
                + "<ul id=\"todos\"></ul><p id=\"todo-error\" class=\"error\" hidden></p></section>";
        Html.page(request, response, 200, "My app", body, "app.js");
    }
}
