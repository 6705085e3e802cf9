package dev.jwtauthfilter.revocation;

/**
 * A revocation store cannot answer (e.g. its server is down). The filter then fails closed with
 * 503; it never lets the request through.
 */
public class RevocationStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without token values
     * @param cause the underlying failure, or null
     */
    public RevocationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
