package dev.jwtauthfilter.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks of single settings; each failure names its init-param and what is allowed. */
final class Validation {
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    // RFC 6750 §3: auth-param values may not hold '"', '\' or control characters.
    private static final Pattern REALM = Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private Validation() {}

    static List<String> nonBlankList(String param, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new ConfigException(param, "is required: give one or more values, comma-separated");
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new ConfigException(param, "has an empty value; give one or more values, comma-separated");
            }
            if (!v.equals(v.strip())) {
                throw new ConfigException(param, "has a value with surrounding spaces");
            }
            out.add(v);
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    static Set<JwsAlgorithm> algorithms(List<String> names) {
        String allowed = "allowed are "
                + EnumSet.allOf(JwsAlgorithm.class).stream().map(Enum::name).collect(Collectors.joining(", "))
                + " (case-sensitive)";
        if (names == null || names.isEmpty()) {
            throw new ConfigException(InitParams.ALGORITHMS, "is required; " + allowed);
        }
        Set<JwsAlgorithm> out = EnumSet.noneOf(JwsAlgorithm.class);
        for (String name : names) {
            JwsAlgorithm alg = JwsAlgorithm.byName(name)
                    .orElseThrow(() -> new ConfigException(
                            InitParams.ALGORITHMS, "has the unsupported value '" + name + "'; " + allowed));
            out.add(alg);
        }
        return out;
    }

    static List<TokenSource> tokenSources(List<TokenSource> sources) {
        if (sources == null || sources.isEmpty() || sources.stream().anyMatch(Objects::isNull)) {
            throw new ConfigException(InitParams.TOKEN_SOURCES, "must list cookie, header or both");
        }
        if (new HashSet<>(sources).size() != sources.size()) {
            throw new ConfigException(InitParams.TOKEN_SOURCES, "lists a source twice; allowed are cookie and header");
        }
        return List.copyOf(sources);
    }

    static void cookieName(String name) {
        if (name == null || !COOKIE_NAME.matcher(name).matches()) {
            throw new ConfigException(
                    InitParams.COOKIE_NAME, "must be a cookie name (RFC 6265 token characters, not empty)");
        }
    }

    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+(/[A-Za-z0-9!#$&^_.+-]+)?");

    /**
     * Normalises a {@code typ} value as RFC 7515 §4.1.9 compares it: case-insensitively, with {@code
     * application/} implied when there is no slash.
     */
    static String tokenType(String value) {
        if (value == null || !MEDIA_TYPE.matcher(value).matches()) {
            throw new ConfigException(
                    InitParams.TOKEN_TYPE,
                    "must be a media type such as at+jwt or application/at+jwt (letters, digits and !#$&^_.+-)");
        }
        return JwtAuthConfig.normaliseType(value);
    }

    static void range(String param, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(param, "must be a whole number from " + min + " to " + max + ", was " + value);
        }
    }

    static void claimName(String param, String claim) {
        if (claim == null || claim.isBlank() || !claim.equals(claim.strip())) {
            throw new ConfigException(param, "must be a claim name, not empty and without surrounding spaces");
        }
    }

    static boolean isRealm(String value) {
        return REALM.matcher(value).matches();
    }

    static void realm(String realm) {
        if (!isRealm(realm)) {
            throw new ConfigException(
                    InitParams.REALM, "must be printable ASCII without '\"' or '\\' (RFC 6750 §3), not empty");
        }
    }

    static Set<String> origins(List<String> values) {
        if (values == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null || !Origins.isBareOrigin(v)) {
                throw new ConfigException(
                        InitParams.ALLOWED_ORIGINS,
                        "has the value '" + v + "'; each must be an exact origin scheme://host[:port]"
                                + " with scheme http or https and no path, e.g. https://app.example.com");
            }
            out.add(Origins.of(v).orElseThrow());
        }
        return out;
    }

    static void loginPage(String loginPage, PathPatterns excluded) {
        if (loginPage.startsWith("/") && !loginPage.startsWith("//")) {
            if (!excluded.matches(loginPage)) {
                throw new ConfigException(
                        InitParams.LOGIN_PAGE,
                        "'" + loginPage + "' is not covered by excludePaths; add it there, or browsers are"
                                + " redirected to a page they cannot open");
            }
            return;
        }
        if (Origins.of(loginPage).isEmpty()) {
            throw new ConfigException(
                    InitParams.LOGIN_PAGE,
                    "must be a path inside the application starting with '/', or an absolute http(s) URL");
        }
    }
}
