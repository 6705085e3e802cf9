package dev.jwtauthfilter.it;

import dev.jwtauthfilter.JwtAuthFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The application behind the filter: counts its calls, so a test can tell whether the filter let a
 * request through, and answers {@code name=value} lines with what the filter showed it.
 */
public final class RecordingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The roles it asks {@code isUserInRole} about. */
    static final List<String> ROLES = List.of("user", "editor", "admin");

    private final AtomicInteger calls = new AtomicInteger();

    public int calls() {
        return calls.get();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.incrementAndGet();
        Principal principal = request.getUserPrincipal();
        StringBuilder out = new StringBuilder();
        line(out, "remoteUser", request.getRemoteUser());
        line(
                out,
                "principalClass",
                principal == null ? null : principal.getClass().getName());
        line(out, "principalName", principal == null ? null : principal.getName());
        line(out, "authType", request.getAuthType());
        for (String role : ROLES) {
            line(out, "role." + role, String.valueOf(request.isUserInRole(role)));
        }
        line(out, "claims", claimNames(request.getAttribute(JwtAuthFilter.CLAIMS_ATTRIBUTE)));
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }

    private static String claimNames(Object claims) {
        if (!(claims instanceof Map)) {
            return claims == null ? null : "not a map: " + claims.getClass().getName();
        }
        return ((Map<?, ?>) claims)
                .keySet().stream().map(String::valueOf).sorted().collect(Collectors.joining(","));
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(name).append('=').append(value).append('\n');
    }
}
