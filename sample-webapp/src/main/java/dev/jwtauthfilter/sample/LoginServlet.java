package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.sample.UserDirectory.User;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /login} shows the form; {@code POST /login} checks the password and, on success, sets the
 * session cookies and sends the browser to {@code /app} (303, so a reload does not re-post). A failure
 * says the same thing whether or not the user exists.
 */
final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String FAILED = "Invalid username or password.";

    private final transient UserDirectory users;
    private final transient Sessions sessions;

    LoginServlet(UserDirectory users, Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, 200, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!SameOrigin.notForeign(request)) {
            // Login CSRF: a foreign page must not sign the browser in to the attacker's account.
            form(request, response, 403, "This sign-in came from another site and was refused.");
            return;
        }
        Optional<User> user = users.authenticate(request.getParameter("username"), request.getParameter("password"));
        if (user.isEmpty()) {
            form(request, response, 401, FAILED);
            return;
        }
        try {
            sessions.start(user.get(), request, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(503);
            return;
        }
        response.setStatus(303);
        response.setHeader("Location", request.getContextPath() + "/app");
    }

    private static void form(HttpServletRequest request, HttpServletResponse response, int status, String error)
            throws IOException {
        String ctx = Html.escape(request.getContextPath());
        String body = "<h1>Sign in</h1>\n"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + Html.escape(error) + "</p>\n")
                + "<form id=\"login-form\" method=\"post\" action=\"" + ctx + "/login\">\n"
                + "<label>Username <input name=\"username\" autocomplete=\"username\" required autofocus></label>\n"
                + "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\n"
                + "<button type=\"submit\">Sign in</button>\n</form>\n"
                + "<p class=\"hint\">Demo accounts (sample only): <code>alice</code> / <code>alice-password</code>,"
                + " <code>admin</code> / <code>admin-password</code>.</p>";
        Html.page(request, response, status, "Sign in", body, "login.js");
    }
}
