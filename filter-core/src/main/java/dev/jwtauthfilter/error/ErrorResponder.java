package dev.jwtauthfilter.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the filter's refusals. Every header and body is a constant built from the realm at
 * start-up: no token, claim, key id or library message can reach the client. Responses use {@code
 * setStatus}, not {@code sendError}, so no container error page (with its server details) is shown.
 */
public final class ErrorResponder {
    /** Seconds a client should wait before retrying when the revocation store or key source is down. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final String missingChallenge;
    private final String invalidTokenChallenge;
    private final String invalidRequestChallenge;

    /**
     * Prepares the challenges for a realm.
     *
     * @param realm the realm, already checked to need no escaping
     */
    public ErrorResponder(String realm) {
        String base = "Bearer realm=\"" + realm + "\"";
        this.missingChallenge = base;
        this.invalidTokenChallenge =
                base + ", error=\"invalid_token\", error_description=\"The access token is invalid\"";
        this.invalidRequestChallenge =
                base + ", error=\"invalid_request\", error_description=\"The request is malformed\"";
    }

    /**
     * 401 without an error code: the request carries no token (RFC 6750 §3.1).
     *
     * @param response the response
     * @throws IOException if the body cannot be written
     */
    public void missingToken(HttpServletResponse response) throws IOException {
        write(
                response,
                401,
                missingChallenge,
                "{\"error\":\"unauthorized\",\"error_description\":\"Authentication is required\"}");
    }

    /**
     * 401 {@code invalid_token}: the token is malformed, badly signed, expired, not for us or revoked.
     *
     * @param response the response
     * @throws IOException if the body cannot be written
     */
    public void invalidToken(HttpServletResponse response) throws IOException {
        write(
                response,
                401,
                invalidTokenChallenge,
                "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}");
    }

    /**
     * 400 {@code invalid_request}: more than one token, or an empty Bearer token.
     *
     * @param response the response
     * @throws IOException if the body cannot be written
     */
    public void invalidRequest(HttpServletResponse response) throws IOException {
        write(
                response,
                400,
                invalidRequestChallenge,
                "{\"error\":\"invalid_request\",\"error_description\":\"The request is malformed\"}");
    }

    /**
     * 403: a cookie-authenticated unsafe request from a foreign or unknown origin. Not a token error,
     * so no challenge.
     *
     * @param response the response
     * @throws IOException if the body cannot be written
     */
    public void crossOriginRefused(HttpServletResponse response) throws IOException {
        write(response, 403, null, "{\"error\":\"forbidden\",\"error_description\":\"Cross-origin request refused\"}");
    }

    /**
     * 503 with {@code Retry-After}: the revocation store or the key source cannot answer, so the
     * filter fails closed.
     *
     * @param response the response
     * @throws IOException if the body cannot be written
     */
    public void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        write(
                response,
                503,
                null,
                "{\"error\":\"temporarily_unavailable\",\"error_description\":\"Please retry later\"}");
    }

    private static void write(HttpServletResponse response, int status, String challenge, String json)
            throws IOException {
        response.setStatus(status);
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
