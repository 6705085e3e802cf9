package dev.jwtauthfilter.sample;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /demo-token}: signs a 15-minute token for the demo user and sets it as an HttpOnly
 * cookie. A stand-in for a real login, which arrives with the full sample.
 */
final class DemoTokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Duration LIFETIME = Duration.ofMinutes(15);

    private final transient Algorithm signer;

    DemoTokenServlet(Algorithm signer) {
        this.signer = signer;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Instant now = Instant.now();
        String token = JWT.create()
                .withIssuer(SampleApp.ISSUER)
                .withAudience(SampleApp.AUDIENCE)
                .withSubject("demo-user")
                .withArrayClaim("roles", new String[] {"user"})
                .withJWTId(UUID.randomUUID().toString())
                .withIssuedAt(now)
                .withExpiresAt(now.plus(LIFETIME))
                .sign(signer);
        response.addHeader(
                "Set-Cookie",
                "access_token=" + token + "; Max-Age=" + LIFETIME.toSeconds()
                        + "; Path=/; HttpOnly; Secure; SameSite=Strict");
        response.setStatus(303);
        response.setHeader("Location", request.getContextPath() + "/api/me");
    }
}
