package dev.jwtauthfilter.principal;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller, as {@code request.getUserPrincipal()} returns it: the name from the
 * {@code principalClaim}, the roles from the {@code rolesClaim}, and the verified claims.
 */
public final class JwtPrincipal implements Principal {
    private final String name;
    private final Set<String> roles;
    private final String issuer;
    private final String subject;
    private final String jwtId;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final Map<String, Object> claims;

    JwtPrincipal(
            String name,
            Set<String> roles,
            String issuer,
            String subject,
            String jwtId,
            Instant issuedAt,
            Instant expiresAt,
            Map<String, Object> claims) {
        this.name = Objects.requireNonNull(name, "name");
        this.roles = Set.copyOf(roles);
        this.issuer = issuer;
        this.subject = subject;
        this.jwtId = jwtId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.claims = claims;
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
        return roles;
    }

    /**
     * Tells whether the caller has a role.
     *
     * @param role the role name, case-sensitive
     * @return true if the roles claim lists it
     */
    public boolean hasRole(String role) {
        return role != null && roles.contains(role);
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
        return claims;
    }

    @Override
    public String toString() {
        return "JwtPrincipal[" + name + "]";
    }
}
