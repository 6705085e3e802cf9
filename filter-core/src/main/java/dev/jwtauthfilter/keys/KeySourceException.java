package dev.jwtauthfilter.keys;

/**
 * A {@link KeySource} cannot answer now (its key server is unreachable, say). The filter then fails
 * closed with 503 and {@code Retry-After}; it never lets the request through.
 */
public class KeySourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without token values
     * @param cause the underlying failure, or null
     */
    public KeySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
