package dev.jwtauthfilter.principal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.verify.RejectionReason;
import dev.jwtauthfilter.verify.TokenRejectedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The principal's name, roles, registered claims and plain claims map, built from a verified token. */
class PrincipalFactoryTest {
    private static final String FULL = "{\"iss\":\"https://issuer.test\",\"sub\":\"alice\",\"aud\":\"test-api\","
            + "\"jti\":\"id-1\",\"iat\":1772366400,\"exp\":1772367000,\"email\":\"alice@example.com\","
            + "\"roles\":[\"user\",\"admin\"],\"active\":true,\"level\":7,\"big\":12345678901234,"
            + "\"ratio\":0.5,\"org\":{\"id\":\"o1\",\"tags\":[\"a\",\"b\"]},\"nothing\":null}";

    private static JwtPrincipal create(String principalClaim, String payloadJson) throws TokenRejectedException {
        return new PrincipalFactory(Jwts.config(principalClaim, "roles")).create(Jwts.decode(payloadJson));
    }

    private static RejectionReason rejection(String principalClaim, String payloadJson) {
        return assertThrows(TokenRejectedException.class, () -> create(principalClaim, payloadJson))
                .reason();
    }

    @Test
    void createWhenDefaultPrincipalClaimThenNameIsSub() throws Exception {
        assertEquals("alice", create("sub", FULL).getName());
    }

    @Test
    void createWhenPrincipalClaimIsEmailThenNameIsEmail() throws Exception {
        assertEquals("alice@example.com", create("email", FULL).getName());
    }

    @Test
    void createWhenPrincipalClaimIsEmailThenSubjectStillReportsSub() throws Exception {
        assertEquals("alice", create("email", FULL).getSubject());
    }

    @Test
    void createWhenPrincipalClaimMissingThenMissingPrincipal() {
        assertEquals(RejectionReason.MISSING_PRINCIPAL, rejection("sub", "{\"iss\":\"i\",\"exp\":1772367000}"));
    }

    @Test
    void createWhenCustomPrincipalClaimMissingThenMissingPrincipal() {
        assertEquals(RejectionReason.MISSING_PRINCIPAL, rejection("preferred_username", FULL));
    }

    @ParameterizedTest(name = "sub = {0}")
    @ValueSource(strings = {"42", "true", "null", "[\"alice\"]", "{\"name\":\"alice\"}", "\"\"", "\"   \"", "\"\\t\""})
    void createWhenPrincipalClaimIsNotANonEmptyStringThenMissingPrincipal(String value) {
        assertEquals(RejectionReason.MISSING_PRINCIPAL, rejection("sub", "{\"iss\":\"i\",\"sub\":" + value + "}"));
    }

    @Test
    void createThenRolesComeFromRolesClaim() throws Exception {
        assertEquals(Set.of("user", "admin"), create("sub", FULL).getRoles());
    }

    @Test
    void createThenRegisteredClaimsAreExposed() throws Exception {
        JwtPrincipal p = create("sub", FULL);

        assertEquals(
                List.of(
                        "https://issuer.test",
                        "alice",
                        "id-1",
                        Instant.ofEpochSecond(1772366400L),
                        Instant.ofEpochSecond(1772367000L)),
                List.of(p.getIssuer(), p.getSubject(), p.getJwtId(), p.getIssuedAt(), p.getExpiresAt()));
    }

    @Test
    void createWhenTokenHasNoJtiNoIatThenThoseAreNull() throws Exception {
        JwtPrincipal p = create("sub", "{\"iss\":\"i\",\"sub\":\"alice\",\"exp\":1772367000}");

        assertNull(p.getJwtId());
        assertNull(p.getIssuedAt());
    }

    @Test
    void claimsHoldPlainJavaValues() throws Exception {
        Map<String, Object> claims = create("sub", FULL).getClaims();

        assertEquals("alice", claims.get("sub"));
        assertEquals(List.of("user", "admin"), claims.get("roles"));
        assertEquals(Boolean.TRUE, claims.get("active"));
        assertEquals(7, ((Number) claims.get("level")).intValue());
        assertEquals(12345678901234L, ((Number) claims.get("big")).longValue());
        assertEquals(0.5, ((Number) claims.get("ratio")).doubleValue());
        assertEquals(Map.of("id", "o1", "tags", List.of("a", "b")), claims.get("org"));
        assertEquals("test-api", claims.get("aud"));
    }

    @Test
    void claimsHoldNoJacksonOrJavaJwtTypes() throws Exception {
        for (Map.Entry<String, Object> e : create("sub", FULL).getClaims().entrySet()) {
            Object v = e.getValue();
            if (v != null) {
                String type = v.getClass().getName();
                assertTrue(type.startsWith("java."), e.getKey() + " is a " + type);
            }
        }
    }

    @Test
    void claimsKeepJsonNullAsNullValue() throws Exception {
        Map<String, Object> claims = create("sub", FULL).getClaims();

        assertTrue(claims.containsKey("nothing"));
        assertNull(claims.get("nothing"));
    }

    @Test
    void claimsHoldEveryClaimOfTheToken() throws Exception {
        assertEquals(
                Set.of(
                        "iss", "sub", "aud", "jti", "iat", "exp", "email", "roles", "active", "level", "big", "ratio",
                        "org", "nothing"),
                create("sub", FULL).getClaims().keySet());
    }

    @Test
    void claimsMapIsImmutable() throws Exception {
        Map<String, Object> claims = create("sub", FULL).getClaims();

        assertThrows(UnsupportedOperationException.class, () -> claims.put("sub", "admin"));
        assertThrows(UnsupportedOperationException.class, () -> claims.remove("sub"));
        assertThrows(UnsupportedOperationException.class, claims::clear);
    }

    @Test
    @SuppressWarnings("unchecked")
    void nestedClaimValuesAreImmutable() throws Exception {
        Map<String, Object> claims = create("sub", FULL).getClaims();
        List<Object> roles = (List<Object>) claims.get("roles");
        Map<String, Object> org = (Map<String, Object>) claims.get("org");

        assertThrows(UnsupportedOperationException.class, () -> roles.add("admin"));
        assertThrows(UnsupportedOperationException.class, () -> org.put("name", "other"));
    }

    @Test
    void rolesSetIsImmutable() throws Exception {
        Set<String> roles = create("sub", FULL).getRoles();

        assertThrows(UnsupportedOperationException.class, () -> roles.add("superuser"));
    }

    @Test
    void toStringNamesThePrincipalOnly() throws Exception {
        assertEquals("JwtPrincipal[alice]", create("sub", FULL).toString());
    }
}
