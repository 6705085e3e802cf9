package dev.jwtauthfilter.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /admin/rotate-key}, for role {@code admin} only: makes a new signing key current. The
 * old key keeps verifying (and stays in the JWKS) until the tokens it signed have expired, so nobody
 * is signed out by a rotation.
 */
final class RotateKeyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(RotateKeyServlet.class.getName());

    private final transient SigningKeys keys;

    RotateKeyServlet(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole("admin")) {
            AdminServlet.forbidden(request, response);
            return;
        }
        keys.rotate();
        LOG.log(
                System.Logger.Level.INFO,
                "Signing key rotated by {0}; new kid {1}",
                request.getRemoteUser(),
                keys.currentKeyId());
        response.setStatus(303);
        response.setHeader("Location", request.getContextPath() + "/admin");
    }
}
