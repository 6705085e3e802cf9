package dev.jwtauthfilter.verify;

/**
 * A token was refused. Carries only a typed reason: no token text, claim value or library message,
 * so nothing attacker-supplied can reach a response or a log through it.
 */
public final class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the token was refused
     */
    public TokenRejectedException(RejectionReason reason) {
        super(reason.code(), null, false, false);
        this.reason = reason;
    }

    /**
     * Returns why the token was refused.
     *
     * @return the reason
     */
    public RejectionReason reason() {
        return reason;
    }
}
