package dev.jwtauthfilter.token;

/**
 * The request carries tokens in a way RFC 6750 forbids: more than one, or a {@code Bearer} scheme
 * with nothing after it. Answered with 400 {@code invalid_request}.
 */
public final class InvalidTokenRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reasonCode a fixed code for the log, e.g. {@code multiple_tokens}
     */
    public InvalidTokenRequestException(String reasonCode) {
        super(reasonCode, null, false, false);
    }
}
