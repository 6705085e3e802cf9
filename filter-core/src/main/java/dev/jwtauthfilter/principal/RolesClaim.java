package dev.jwtauthfilter.principal;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads roles from a claim: a JSON array of strings, or a space-separated string as OAuth's {@code
 * scope}. A claim whose own name has dots (e.g. {@code https://example.com/roles}) is tried first;
 * otherwise a dotted name is a path into nested objects ({@code realm_access.roles}). Anything else
 * yields no roles, so a malformed claim can only take access away.
 */
final class RolesClaim {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String name;
    private final List<String> path;

    RolesClaim(String name) {
        this.name = name;
        this.path = List.of(name.split("\\.", -1));
    }

    Set<String> read(DecodedJWT jwt) {
        try {
            return readOrThrow(jwt);
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private Set<String> readOrThrow(DecodedJWT jwt) {
        Claim direct = jwt.getClaim(name);
        if (!direct.isMissing() || path.size() == 1) {
            return fromValue(direct.isNull() || direct.isMissing() ? null : direct.as(Object.class));
        }
        Object node = jwt.getClaim(path.get(0)).asMap();
        for (String segment : path.subList(1, path.size())) {
            if (!(node instanceof Map)) {
                return Set.of();
            }
            node = ((Map<?, ?>) node).get(segment);
        }
        return fromValue(node);
    }

    private static Set<String> fromValue(Object value) {
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof String) {
            Arrays.stream(WHITESPACE.split(((String) value).strip()))
                    .filter(s -> !s.isEmpty())
                    .forEach(roles::add);
        } else if (value instanceof List) {
            for (Object item : (List<?>) value) {
                if (item instanceof String && !((String) item).isEmpty()) {
                    roles.add((String) item);
                }
            }
        }
        return roles;
    }
}
