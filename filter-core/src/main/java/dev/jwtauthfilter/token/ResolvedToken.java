package dev.jwtauthfilter.token;

import dev.jwtauthfilter.config.TokenSource;
import java.util.Objects;

/**
 * A token found in a request, and where it was found.
 *
 * @param value the token text, never logged
 * @param source the cookie or the header
 */
public record ResolvedToken(String value, TokenSource source) {
    /**
     * Checks both parts are present.
     *
     * @param value the token text
     * @param source where it was found
     */
    public ResolvedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "ResolvedToken[source=" + source + "]";
    }
}
