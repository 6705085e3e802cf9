package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.principal.JwtPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;

/** {@code GET /api/me}: who the filter says the caller is, as JSON. */
final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JwtPrincipal principal = (JwtPrincipal) request.getUserPrincipal();
        String roles = principal.getRoles().stream()
                .sorted()
                .map(r -> "\"" + Json.escape(r) + "\"")
                .collect(Collectors.joining(","));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter()
                .write("{\"sub\":\"" + Json.escape(principal.getName()) + "\",\"roles\":[" + roles + "],\"exp\":"
                        + principal.getExpiresAt().getEpochSecond() + "}");
    }
}
