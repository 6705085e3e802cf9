package dev.jwtauthfilter.sample.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code Set-Cookie} header, parsed by hand: {@link java.net.HttpCookie} drops {@code SameSite},
 * and the tests never hand Secure cookies to a cookie jar over plain http.
 *
 * @param name the cookie name
 * @param value the cookie value
 * @param attributes attribute names (lower case) to their values ({@code ""} for flags)
 */
record SetCookie(String name, String value, Map<String, String> attributes) {

    static SetCookie parse(String header) {
        String[] parts = header.split(";");
        String pair = parts[0].strip();
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("Not a Set-Cookie header: " + header);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip();
            if (attribute.isEmpty()) {
                continue;
            }
            int at = attribute.indexOf('=');
            String key =
                    (at < 0 ? attribute : attribute.substring(0, at)).strip().toLowerCase(Locale.ROOT);
            String value = at < 0 ? "" : attribute.substring(at + 1).strip();
            attributes.put(key, value);
        }
        return new SetCookie(
                pair.substring(0, eq).strip(), pair.substring(eq + 1).strip(), Map.copyOf(attributes));
    }

    /** Every cookie the response sets, by name; a name set twice fails the test. */
    static Map<String, SetCookie> all(HttpResponse<?> response) {
        Map<String, SetCookie> cookies = new LinkedHashMap<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            SetCookie cookie = parse(header);
            assertFalse(cookies.containsKey(cookie.name()), "cookie set twice: " + cookie.name());
            cookies.put(cookie.name(), cookie);
        }
        return cookies;
    }

    /** The named cookie the response sets; fails the test if it sets none. */
    static SetCookie of(HttpResponse<?> response, String name) {
        SetCookie cookie = all(response).get(name);
        assertNotNull(
                cookie,
                "no Set-Cookie for " + name + " in " + response.headers().allValues("Set-Cookie"));
        return cookie;
    }

    Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName.toLowerCase(Locale.ROOT)));
    }

    boolean hasFlag(String flag) {
        return attributes.containsKey(flag.toLowerCase(Locale.ROOT));
    }

    /** The Max-Age attribute in seconds; fails if it is missing. */
    long maxAge() {
        return Long.parseLong(attribute("Max-Age").orElseThrow(() -> new AssertionError("no Max-Age on " + name)));
    }

    /** The attributes a test compares: everything but the value-dependent Expires date. */
    String describeAttributes() {
        return "Path=" + attribute("Path").orElse("<none>") + " Secure=" + hasFlag("Secure") + " HttpOnly="
                + hasFlag("HttpOnly") + " SameSite=" + attribute("SameSite").orElse("<none>");
    }
}
