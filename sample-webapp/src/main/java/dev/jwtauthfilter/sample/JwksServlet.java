package dev.jwtauthfilter.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /.well-known/jwks.json}: the public keys other services verify this issuer's tokens with.
 * Retired keys stay listed until their last token has expired. Cacheable for five minutes, well under
 * the time a retired key stays listed, so a verifier never misses a key it still needs.
 */
final class JwksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SigningKeys keys;

    JwksServlet(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.getOutputStream().write(keys.jwksJson().getBytes(StandardCharsets.UTF_8));
    }
}
