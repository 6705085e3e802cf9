package dev.jwtauthfilter.sample;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jwtauthfilter.sample.UserDirectory.User;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /api/token} for scripts and services: username and password (JSON or form body) in, a
 * Bearer access token out, as an OAuth token response (RFC 6749 §5.1). No cookie and no refresh
 * token: a client re-authenticates when its token expires.
 */
final class TokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient UserDirectory users;
    private final transient AccessTokens accessTokens;
    private final Duration lifetime;

    TokenServlet(UserDirectory users, AccessTokens accessTokens, Duration lifetime) {
        this.users = users;
        this.accessTokens = accessTokens;
        this.lifetime = lifetime;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Credentials> credentials = read(request);
        if (credentials.isEmpty()) {
            Json.write(
                    response,
                    400,
                    "{\"error\":\"invalid_request\",\"error_description\":"
                            + "\"Send username and password as a JSON object or form fields in the body\"}");
            return;
        }
        Optional<User> user = users.authenticate(
                credentials.get().username(), credentials.get().password());
        if (user.isEmpty()) {
            Json.write(
                    response,
                    401,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"" + LoginServlet.FAILED + "\"}");
            return;
        }
        AccessTokens.Issued issued;
        try {
            issued = accessTokens.issue(user.get(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Json.write(response, 503, "{\"error\":\"temporarily_unavailable\"}");
            return;
        }
        response.setHeader("Pragma", "no-cache");
        Json.write(
                response,
                200,
                "{\"access_token\":" + Json.quote(issued.token()) + ",\"token_type\":\"Bearer\",\"expires_in\":"
                        + lifetime.toSeconds() + "}");
    }

    private record Credentials(String username, String password) {}

    /** Credentials come from the body only: never from the query string, which ends up in logs. */
    private static Optional<Credentials> read(HttpServletRequest request) throws IOException {
        if (request.getQueryString() != null) {
            return Optional.empty();
        }
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            Optional<JsonNode> body = Json.readObject(request.getInputStream());
            if (body.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> username = Json.text(body.get(), "username");
            Optional<String> password = Json.text(body.get(), "password");
            return username.isPresent() && password.isPresent()
                    ? Optional.of(new Credentials(username.get(), password.get()))
                    : Optional.empty();
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            String username = request.getParameter("username");
            String password = request.getParameter("password");
            return username != null && password != null
                    ? Optional.of(new Credentials(username, password))
                    : Optional.empty();
        }
        return Optional.empty();
    }
}
