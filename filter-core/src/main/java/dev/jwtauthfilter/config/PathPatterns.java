package dev.jwtauthfilter.config;

import java.util.List;

/**
 * Paths excluded from authentication, in servlet-mapping style: exact ({@code /login}), prefix
 * ({@code /public/*}, which also matches {@code /public}) or extension ({@code *.css}). Parsed once;
 * {@link #matches(String)} runs per request.
 */
public final class PathPatterns {
    private final List<String> patterns;

    private PathPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * Validates and keeps the patterns.
     *
     * @param patterns the patterns, each exact, prefix or extension style
     * @return the parsed patterns
     * @throws ConfigException naming {@code excludePaths} if a pattern has another shape
     */
    public static PathPatterns of(List<String> patterns) {
        if (patterns == null) {
            return new PathPatterns(List.of());
        }
        for (String p : patterns) {
            if (p == null || !isValid(p)) {
                throw new ConfigException(
                        InitParams.EXCLUDE_PATHS,
                        "has the pattern '" + p + "'; allowed are exact paths like /login, prefixes like"
                                + " /public/* and extensions like *.css");
            }
        }
        return new PathPatterns(patterns);
    }

    private static boolean isValid(String p) {
        if (p.startsWith("*.")) {
            return p.length() > 2 && p.indexOf('/') < 0 && p.indexOf('*', 1) < 0;
        }
        if (!p.startsWith("/")) {
            return false;
        }
        int star = p.indexOf('*');
        return star < 0 || (p.endsWith("/*") && star == p.length() - 1);
    }

    /**
     * Tells whether there are no patterns, so that a caller can skip computing the path.
     *
     * @return true when nothing is excluded
     */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * Tells whether a context-relative path is excluded.
     *
     * @param path the decoded path inside the context, e.g. {@code /public/app.css}
     * @return true if any pattern matches
     */
    public boolean matches(String path) {
        for (String p : patterns) {
            if (matches(p, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.startsWith("*.")) {
            int slash = path.lastIndexOf('/');
            return path.substring(slash + 1).endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return path.equals(base) || path.startsWith(base + "/");
        }
        return path.equals(pattern);
    }

    /**
     * Returns the patterns as configured.
     *
     * @return the immutable list of patterns
     */
    public List<String> patterns() {
        return patterns;
    }
}
