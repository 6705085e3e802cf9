package dev.jwtauthfilter.verify;

/**
 * Thrown from inside java-jwt's signature check when the key source gives no key that may verify
 * the token, so that the token is refused with the right reason rather than as a bad signature.
 * Deliberately neither an {@code IllegalStateException} nor an {@code IllegalArgumentException}:
 * java-jwt would wrap those into a {@code SignatureVerificationException}.
 */
final class UnusableKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    UnusableKeyException(RejectionReason reason) {
        super(reason.code(), null, false, false);
        this.reason = reason;
    }

    RejectionReason reason() {
        return reason;
    }
}
