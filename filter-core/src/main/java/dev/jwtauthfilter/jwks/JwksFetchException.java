package dev.jwtauthfilter.jwks;

import java.util.Locale;

/**
 * A JWKS fetch failed. Carries a typed reason and at most a number (an HTTP status, a key count):
 * never text from the server, so nothing it sends can reach a log line through it.
 */
final class JwksFetchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a fetch failed. */
    enum Reason {
        /** The connection was refused or could not be made. */
        CONNECT_FAILED,
        /** No connection within the connect timeout. */
        CONNECT_TIMEOUT,
        /** No complete response within the read timeout. */
        READ_TIMEOUT,
        /** A redirect (3xx), which is never followed. */
        REDIRECT,
        /** A status other than 200. */
        HTTP_STATUS,
        /** The body is longer than {@code jwksMaxBytes}. */
        TOO_LARGE,
        /** The body is not one strict UTF-8 JSON value (duplicate names and trailing data refused). */
        MALFORMED_JSON,
        /** The JSON is not an object with a {@code keys} array of objects. */
        NOT_A_JWKS,
        /** The {@code keys} array holds more than {@code jwksMaxKeys} entries. */
        TOO_MANY_KEYS,
        /** The fetching thread was interrupted (the application is stopping, say). */
        INTERRUPTED,
        /** Any other I/O or unexpected failure. */
        IO_ERROR;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    JwksFetchException(Reason reason) {
        this(reason, null);
    }

    /**
     * @param reason why the fetch failed
     * @param detail a fixed detail: a status code, a count or an exception class name; never server text
     */
    JwksFetchException(Reason reason, String detail) {
        super(detail == null ? reason.code() : reason.code() + " (" + detail + ")", null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
