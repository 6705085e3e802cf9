package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.principal.JwtPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code GET /api/me}: who the token says the caller is, for cookie and Bearer callers alike. */
final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JwtPrincipal principal = (JwtPrincipal) request.getUserPrincipal();
        String roles =
                new TreeSet<>(principal.getRoles()).stream().map(Json::quote).collect(Collectors.joining(","));
        Json.write(
                response,
                200,
                "{\"sub\":" + Json.quote(principal.getSubject()) + ",\"roles\":[" + roles + "],\"exp\":"
                        + principal.getExpiresAt().getEpochSecond() + "}");
    }
}
