package dev.jwtauthfilter.revocation.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the Redis server is and how to log in: {@code redis://[user:password@]host[:port][/db]} or
 * {@code rediss://...} for TLS. Parsing errors never repeat the URL (it may hold a password), and
 * {@link #toString()} leaves the credentials out.
 *
 * @param tls whether to connect with TLS ({@code rediss})
 * @param host the host name or address
 * @param port the TCP port
 * @param database the database index
 * @param user the ACL user, or null for the default user
 * @param password the password, or null for none
 */
record RedisUrl(boolean tls, String host, int port, int database, String user, String password) {
    static final int DEFAULT_PORT = 6379;

    /** The form every message about a bad URL repeats, instead of the URL itself. */
    static final String FORM = "redis://[user:password@]host[:port][/db] or rediss://... for TLS";

    private static final int MAX_DATABASE = 65_535;

    /**
     * Reads a Redis URL.
     *
     * @param text the URL; percent-encode {@code @ : /} and other reserved characters in the credentials
     * @return the parts
     * @throws IllegalArgumentException naming what is wrong, never the URL or its password
     */
    static RedisUrl parse(String text) {
        try {
            return parse(new URI(text));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + "); expected " + FORM);
        }
    }

    /**
     * Reads a Redis URL.
     *
     * @param uri the URL
     * @return the parts
     * @throws IllegalArgumentException naming what is wrong, never the URL or its password
     */
    static RedisUrl parse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw problem("must start with redis:// or rediss://");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw problem("has no host");
        }
        if (uri.getHost() == null) {
            throw problem("has no valid host (host names may hold letters, digits, '-' and '.')");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw problem("must not have a query or fragment");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw problem("has a port outside 1..65535");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw problem("has credentials without a ':'; write user:password@ or :password@");
            }
            user = emptyToNull(decode(userInfo.substring(0, colon)));
            password = emptyToNull(decode(userInfo.substring(colon + 1)));
            if (password == null) {
                throw problem("has credentials with an empty password");
            }
        }
        return new RedisUrl(scheme.equals("rediss"), uri.getHost(), port, database(uri.getRawPath()), user, password);
    }

    /** The host as a socket address wants it: an IPv6 literal without its brackets. */
    String socketHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code redis://host:port/db}, without credentials: for logs and messages. */
    @Override
    public String toString() {
        return (tls ? "rediss" : "redis") + "://" + host + ":" + port + "/" + database;
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        String digits = path.substring(1);
        if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) > MAX_DATABASE) {
            throw problem("has a path that is not a database number (/0, /1, ...)");
        }
        return Integer.parseInt(digits);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** Percent-decoding as for URIs ({@code +} stays a plus), into UTF-8. */
    private static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw problem("has a broken %-escape in its credentials");
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int end = raw.indexOf('%', i);
                end = end < 0 ? raw.length() : end;
                out.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw problem("has credentials that are not UTF-8 once %-decoded");
        }
    }

    private static IllegalArgumentException problem(String what) {
        return new IllegalArgumentException(what + "; expected " + FORM);
    }
}
