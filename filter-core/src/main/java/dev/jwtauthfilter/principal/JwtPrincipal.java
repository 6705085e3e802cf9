package dev.jwtauthfilter.principal;

import java.security.Principal;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The authenticated caller, as {@code request.getUserPrincipal()} returns it: the name from the
 * {@code principalClaim}, the roles from the {@code rolesClaim}, and the verified claims.
 */
public final class JwtPrincipal implements Principal {
    private final String name;
    private volatile Set<String> roles;
    private volatile Supplier<Set<String>> rolesSource;
    private final String issuer;
    private final String subject;
    private final String jwtId;
    private final Instant issuedAt;
    private final Instant expiresAt;
    /** The same small object on every call; the claims behind it are built on first use. */
    private final Map<String, Object> claimsView = new ClaimsView();

    private volatile Map<String, Object> claims;
    /** Where the claims come from until they are built; then released. */
    private volatile Supplier<Map<String, Object>> claimsSource;

    JwtPrincipal(
            String name,
            Set<String> roles,
            String issuer,
            String subject,
            String jwtId,
            Instant issuedAt,
            Instant expiresAt,
            Map<String, Object> claims) {
        this(name, () -> roles, issuer, subject, jwtId, issuedAt, expiresAt, () -> claims);
    }

    /** Reads roles and claims only when someone asks: many requests never do. */
    JwtPrincipal(
            String name,
            Supplier<Set<String>> roles,
            String issuer,
            String subject,
            String jwtId,
            Instant issuedAt,
            Instant expiresAt,
            Supplier<Map<String, Object>> claims) {
        this.name = Objects.requireNonNull(name, "name");
        this.rolesSource = Objects.requireNonNull(roles, "roles");
        this.issuer = issuer;
        this.subject = subject;
        this.jwtId = jwtId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.claimsSource = Objects.requireNonNull(claims, "claims");
    }

    @Override
    public String getName() {
        return name;
    }

    /**
     * Returns the roles from the {@code rolesClaim}.
     *
     * @return the immutable set of roles, empty if the claim is absent
     */
    public Set<String> getRoles() {
        Set<String> read = roles;
        if (read == null) {
            synchronized (this) {
                read = roles;
                if (read == null) {
                    read = Set.copyOf(rolesSource.get());
                    roles = read;
                    rolesSource = null;
                }
            }
        }
        return read;
    }

    /**
     * Tells whether the caller has a role.
     *
     * @param role the role name, case-sensitive
     * @return true if the roles claim lists it
     */
    public boolean hasRole(String role) {
        return role != null && getRoles().contains(role);
    }

    /**
     * Returns the {@code iss} claim.
     *
     * @return the issuer
     */
    public String getIssuer() {
        return issuer;
    }

    /**
     * Returns the {@code sub} claim, which is also the principal name unless {@code principalClaim}
     * says otherwise.
     *
     * @return the subject, or null if the token has none
     */
    public String getSubject() {
        return subject;
    }

    /**
     * Returns the {@code jti} claim, which logout code passes to the revocation store.
     *
     * @return the token id, or null if the token has none
     */
    public String getJwtId() {
        return jwtId;
    }

    /**
     * Returns the {@code iat} claim.
     *
     * @return when the token was issued, or null if the token does not say
     */
    public Instant getIssuedAt() {
        return issuedAt;
    }

    /**
     * Returns the {@code exp} claim.
     *
     * @return when the token expires
     */
    public Instant getExpiresAt() {
        return expiresAt;
    }

    /**
     * Returns every verified claim as plain Java values (String, Number, Boolean, List, Map, or null).
     *
     * @return the immutable claims, keyed by name
     */
    public Map<String, Object> getClaims() {
        return claimsView;
    }

    private Map<String, Object> claims() {
        Map<String, Object> built = claims;
        if (built == null) {
            synchronized (this) {
                built = claims;
                if (built == null) {
                    built = claimsSource.get();
                    claims = built;
                    claimsSource = null;
                }
            }
        }
        return built;
    }

    /** A read-only view whose contents are built on first access. */
    private final class ClaimsView extends AbstractMap<String, Object> {
        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return claims().entrySet();
        }

        @Override
        public Object get(Object key) {
            return claims().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return claims().containsKey(key);
        }

        @Override
        public int size() {
            return claims().size();
        }
    }

    @Override
    public String toString() {
        return "JwtPrincipal[" + name + "]";
    }
}
