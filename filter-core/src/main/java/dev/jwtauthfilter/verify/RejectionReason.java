package dev.jwtauthfilter.verify;

import java.util.Locale;

/** Why a token was refused; logged at DEBUG as a reason code, never sent to the client. */
public enum RejectionReason {
    /** Longer than {@code maxTokenLength}. */
    TOO_LONG,
    /** Not three canonical base64url segments holding strict UTF-8 JSON objects. */
    MALFORMED,
    /** The header's {@code alg} is not in the allow-list (this includes {@code none}). */
    ALGORITHM_NOT_ALLOWED,
    /** The header has a {@code crit} parameter, which this filter understands none of. */
    CRITICAL_HEADER,
    /** The {@code typ} header is absent or not the configured {@code tokenType}. */
    WRONG_TYPE,
    /** The key source knows no key for the token's {@code kid} and {@code alg}. */
    UNKNOWN_KEY,
    /**
     * The key source answered with a key that does not fit the token's {@code alg}: another key type,
     * another curve, or RSA under 2048 bits.
     */
    UNSUITABLE_KEY,
    /** The signature does not match. */
    BAD_SIGNATURE,
    /** {@code exp} is in the past (beyond the leeway). */
    EXPIRED,
    /** {@code exp} is absent or null. */
    MISSING_EXPIRY,
    /** {@code nbf} is in the future (beyond the leeway). */
    NOT_YET_VALID,
    /** {@code iat} is in the future (beyond the leeway). */
    ISSUED_IN_FUTURE,
    /** {@code iss} is absent or not accepted. */
    WRONG_ISSUER,
    /** {@code aud} is absent or names no audience of this application. */
    WRONG_AUDIENCE,
    /** A date claim is null, negative, out of range or not a number, or another claim is malformed. */
    INVALID_CLAIM,
    /** The principal claim is absent, or not a non-empty string. */
    MISSING_PRINCIPAL,
    /** The token has no {@code jti} but the revocation store keeps a deny-list. */
    MISSING_JWT_ID,
    /** The revocation store says the token is revoked. */
    REVOKED;

    /**
     * Returns the code written to the log.
     *
     * @return e.g. {@code bad_signature}
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
