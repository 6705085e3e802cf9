package dev.jwtauthfilter.config;

import java.util.Locale;

/** Where the filter may look for a token; the {@code tokenSources} init-param lists these. */
public enum TokenSource {
    /** The cookie named by {@code cookieName}. */
    COOKIE,
    /** The {@code Authorization: Bearer} request header. */
    HEADER;

    /**
     * Returns the name used in the {@code tokenSources} init-param.
     *
     * @return {@code cookie} or {@code header}
     */
    public String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
