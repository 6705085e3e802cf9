package dev.jwtauthfilter.audit;

import dev.jwtauthfilter.config.TokenSource;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication decision of the filter, as an audit event. It carries no token, no signature,
 * no secret and no cookie value: the token is named by a {@link #tokenFingerprint() fingerprint}. The
 * principal name and the request path come from the client; escape them (see {@link LogText}) before
 * writing them to a text log.
 *
 * @param time when the decision was taken, by the filter's clock
 * @param outcome accepted, refused or unavailable
 * @param reason why, as a stable lower-case code: {@code accepted}; {@code no_token}; an {@code
 *     invalid_request} code ({@code multiple_authorization_headers}, {@code multiple_token_cookies},
 *     {@code token_in_header_and_cookie}, {@code empty_bearer_token}); a {@link
 *     dev.jwtauthfilter.verify.RejectionReason#code() rejection code} such as {@code expired} or
 *     {@code bad_signature}; {@code cross_origin}; {@code store_unavailable}; {@code keys_unavailable}
 * @param status the HTTP status the filter answers with, or 200 when the request goes on to the
 *     application
 * @param principal the authenticated name (the {@code principalClaim}), when the token's signature
 *     and claims were verified: for {@code accepted}, {@code revoked}, {@code missing_jwt_id} and
 *     {@code cross_origin}; otherwise null
 * @param tokenFingerprint the first 8 hex digits of the SHA-256 of the token, the same as in the
 *     filter's DEBUG lines, or null without a token
 * @param tokenSource where the token was found, or null without a token
 * @param method the request's HTTP method
 * @param path the request path within the application (servlet path plus path info)
 * @param remoteAddress the client address as the container reports it
 */
public record AuthDecision(
        Instant time,
        Outcome outcome,
        String reason,
        int status,
        String principal,
        String tokenFingerprint,
        TokenSource tokenSource,
        String method,
        String path,
        String remoteAddress) {

    /** What the filter did with the request. */
    public enum Outcome {
        /** The token was valid: the request goes on with its principal. */
        ACCEPTED,
        /** Refused with 400, 401 or 403 (or redirected to the login page). */
        REFUSED,
        /** Refused with 503: the revocation store or the key source could not answer. */
        UNAVAILABLE
    }

    /**
     * Checks that the fields every event has are present.
     *
     * @param time when
     * @param outcome what was done
     * @param reason why, as a code
     * @param status the HTTP status
     * @param principal the verified principal name, or null
     * @param tokenFingerprint the token's fingerprint, or null
     * @param tokenSource where the token was found, or null
     * @param method the HTTP method
     * @param path the path within the application
     * @param remoteAddress the client address
     */
    public AuthDecision {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The principal, when the token was verified.
     *
     * @return the principal name, or empty
     */
    public Optional<String> principalName() {
        return Optional.ofNullable(principal);
    }
}
