package dev.jwtauthfilter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.principal.JwtPrincipal;
import dev.jwtauthfilter.principal.PrincipalFactory;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import dev.jwtauthfilter.verify.RejectionReason;
import dev.jwtauthfilter.verify.TokenRejectedException;
import dev.jwtauthfilter.verify.TokenVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tokens minted by an independent implementation (npm jose 6.x, see
 * src-test-resources/interop/mint-with-jose.mjs) verify, and map to the same principal and roles.
 */
class JoseInteropTest {
    private static final Instant DURING_VALIDITY = Instant.parse("2030-01-01T00:05:00Z");
    private static final Instant AFTER_EXPIRY = Instant.parse("2030-01-01T01:01:00Z");
    private static final Properties TOKENS = load();

    private static Properties load() {
        try (InputStream in = JoseInteropTest.class.getResourceAsStream("/interop/jose-tokens.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtAuthConfig.Builder config(String algorithm, Instant now) {
        JwtAuthConfig.Builder b = JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(algorithm)
                .leewaySeconds(0)
                .clock(Clock.fixed(now, ZoneOffset.UTC));
        switch (algorithm.substring(0, 2)) {
            case "HS":
                return b.secret(TestKeys.hmacSecret());
            case "RS":
                return b.publicKey(TestKeys.publicKey(TestKeys.RSA));
            default:
                return b.publicKey(TestKeys.publicKey(algorithm.equals("ES256") ? TestKeys.EC_P256 : TestKeys.EC_P384));
        }
    }

    private static DecodedJWT verify(String name, String algorithm, Instant now) throws TokenRejectedException {
        return new TokenVerifier(config(algorithm, now).build()).verify(TOKENS.getProperty(name));
    }

    @Test
    void verifiesJoseTokensForEveryFamily() throws TokenRejectedException {
        for (String alg : new String[] {"RS256", "ES256", "ES384", "HS256", "HS512"}) {
            assertEquals("alice", verify(alg, alg, DURING_VALIDITY).getSubject(), alg);
        }
    }

    @Test
    void rejectsJoseTokenOnceExpired() {
        TokenRejectedException e =
                assertThrows(TokenRejectedException.class, () -> verify("ES256", "ES256", AFTER_EXPIRY));
        assertEquals(RejectionReason.EXPIRED, e.reason());
    }

    @Test
    void rejectsJoseTokenWithCriticalHeaderExtension() {
        TokenRejectedException e =
                assertThrows(TokenRejectedException.class, () -> verify("RS256_CRIT", "RS256", DURING_VALIDITY));
        assertEquals(RejectionReason.CRITICAL_HEADER, e.reason());
    }

    @Test
    void mapsRolesFromArrayScopeAndNestedClaimsOfJoseTokens() throws TokenRejectedException {
        DecodedJWT jwt = verify("RS256", "RS256", DURING_VALIDITY);
        assertEquals(Set.of("user", "admin"), roles(jwt, "roles"));
        assertEquals(Set.of("todo:read", "todo:write"), roles(jwt, "scope"));
        assertEquals(Set.of("auditor"), roles(jwt, "realm_access.roles"));
    }

    private static Set<String> roles(DecodedJWT jwt, String rolesClaim) throws TokenRejectedException {
        JwtAuthConfig config =
                config("RS256", DURING_VALIDITY).rolesClaim(rolesClaim).build();
        JwtPrincipal principal = new PrincipalFactory(config).create(jwt);
        return principal.getRoles();
    }
}
