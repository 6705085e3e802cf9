package dev.jwtauthfilter.principal;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.verify.RejectionReason;
import dev.jwtauthfilter.verify.TokenRejectedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@link JwtPrincipal} from a verified token. Thread-safe; built once per filter. */
public final class PrincipalFactory {
    private final String principalClaim;
    private final RolesClaim roles;

    /**
     * Reads the principal and roles claim names from the configuration.
     *
     * @param config the validated configuration
     */
    public PrincipalFactory(JwtAuthConfig config) {
        this.principalClaim = config.principalClaim();
        this.roles = new RolesClaim(config.rolesClaim());
    }

    /**
     * Builds the principal.
     *
     * @param jwt the verified token
     * @return the principal
     * @throws TokenRejectedException if the principal claim is absent or not a non-empty string
     */
    public JwtPrincipal create(DecodedJWT jwt) throws TokenRejectedException {
        String name = jwt.getClaim(principalClaim).asString();
        if (name == null || name.isBlank()) {
            throw new TokenRejectedException(RejectionReason.MISSING_PRINCIPAL);
        }
        return new JwtPrincipal(
                name,
                () -> roles.read(jwt),
                jwt.getIssuer(),
                jwt.getSubject(),
                jwt.getId(),
                jwt.getIssuedAtAsInstant(),
                jwt.getExpiresAtAsInstant(),
                () -> plainClaims(jwt));
    }

    private static Map<String, Object> plainClaims(DecodedJWT jwt) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Claim> e : jwt.getClaims().entrySet()) {
            out.put(
                    e.getKey(),
                    e.getValue().isNull() ? null : readOnly(e.getValue().as(Object.class)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Nested arrays and objects become read-only too, so downstream code cannot alter what was verified. */
    private static Object readOnly(Object value) {
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<?>) value).forEach(item -> copy.add(readOnly(item)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> copy.put(k, readOnly(v)));
            return Collections.unmodifiableMap(copy);
        }
        return value;
    }
}
