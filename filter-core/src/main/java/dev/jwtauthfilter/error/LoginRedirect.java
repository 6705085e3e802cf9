package dev.jwtauthfilter.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;

/**
 * Sends browser navigations without a valid token to the login page: GET or HEAD requests whose
 * {@code Accept} header prefers {@code text/html}. API calls ({@code Accept: application/json} or
 * {@code *}{@code /*}) keep their 401.
 */
public final class LoginRedirect {
    /** The status of the redirect; it sets headers only, so the response is not committed yet. */
    public static final int STATUS = 302;

    private final String loginPage;

    /**
     * Creates the redirect.
     *
     * @param loginPage a context-relative path starting with {@code /}, or an absolute URL
     */
    public LoginRedirect(String loginPage) {
        this.loginPage = loginPage;
    }

    /**
     * Redirects the request if it is a browser navigation.
     *
     * @param request the request
     * @param response the response
     * @return true if a redirect was sent
     */
    public boolean redirectIfNavigation(HttpServletRequest request, HttpServletResponse response) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        if (!prefersHtml(request.getHeader("Accept"))) {
            return false;
        }
        String target = loginPage.startsWith("/") ? request.getContextPath() + loginPage : loginPage;
        response.setStatus(STATUS);
        response.setHeader("Location", target);
        response.setHeader("Cache-Control", "no-store");
        return true;
    }

    /**
     * Tells whether {@code text/html} is listed explicitly with the highest quality in an Accept
     * header.
     *
     * @param accept the header value, may be null
     * @return true if the client prefers HTML
     */
    static boolean prefersHtml(String accept) {
        if (accept == null) {
            return false;
        }
        double html = -1;
        double best = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("text/html")) {
                html = Math.max(html, q);
            }
            best = Math.max(best, q);
        }
        return html > 0 && html >= best;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    double q = Double.parseDouble(p.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
