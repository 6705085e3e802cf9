package dev.jwtauthfilter.principal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Roles from a JSON array, a space-separated string, a nested path or a claim whose name has dots. */
class RolesClaimTest {

    private static Set<String> roles(String claimName, String payloadJson) {
        return new RolesClaim(claimName).read(Jwts.decode(payloadJson));
    }

    @Test
    void readWhenJsonArrayOfStringsThenEachIsARole() {
        assertEquals(Set.of("user", "admin"), roles("roles", "{\"roles\":[\"user\",\"admin\"]}"));
    }

    @Test
    void readWhenSpaceSeparatedStringThenEachWordIsARole() {
        assertEquals(
                Set.of("read:orders", "write:orders", "openid"),
                roles("scope", "{\"scope\":\"read:orders write:orders openid\"}"));
    }

    @Test
    void readWhenStringHasExtraWhitespaceThenNoEmptyRoles() {
        assertEquals(Set.of("a", "b", "c"), roles("scope", "{\"scope\":\"  a   b\\tc \"}"));
    }

    @Test
    void readWhenSingleWordStringThenOneRole() {
        assertEquals(Set.of("admin"), roles("roles", "{\"roles\":\"admin\"}"));
    }

    @Test
    void readWhenBlankStringThenNoRoles() {
        assertEquals(Set.of(), roles("scope", "{\"scope\":\"   \"}"));
    }

    @Test
    void readWhenDottedPathThenReachesNestedObject() {
        assertEquals(
                Set.of("manager", "user"),
                roles("realm_access.roles", "{\"realm_access\":{\"roles\":[\"manager\",\"user\"]}}"));
    }

    @Test
    void readWhenDeeperDottedPathThenReachesNestedObject() {
        assertEquals(
                Set.of("viewer"),
                roles(
                        "resource_access.orders-api.roles",
                        "{\"resource_access\":{\"orders-api\":{\"roles\":[\"viewer\"]}}}"));
    }

    @Test
    void readWhenDottedPathEndsInSpaceSeparatedStringThenEachWordIsARole() {
        assertEquals(Set.of("a", "b"), roles("ext.scope", "{\"ext\":{\"scope\":\"a b\"}}"));
    }

    @Test
    void readWhenClaimNameItselfHasDotsThenThatClaimIsRead() {
        assertEquals(
                Set.of("admin"), roles("https://example.com/roles", "{\"https://example.com/roles\":[\"admin\"]}"));
    }

    @Test
    void readWhenClaimNameWithDotsAndMatchingPathBothExistThenDirectClaimWins() {
        String payload = "{\"https://example.com/roles\":[\"user\"],\"https://example\":{\"com/roles\":[\"admin\"]}}";

        assertEquals(Set.of("user"), roles("https://example.com/roles", payload));
    }

    @Test
    void readWhenDottedClaimAndNestedPathBothExistThenDirectClaimWins() {
        String payload = "{\"realm_access.roles\":[\"direct\"],\"realm_access\":{\"roles\":[\"nested\"]}}";

        assertEquals(Set.of("direct"), roles("realm_access.roles", payload));
    }

    @Test
    void readWhenDottedClaimIsJsonNullThenNoRolesAndNoFallbackToPath() {
        String payload = "{\"realm_access.roles\":null,\"realm_access\":{\"roles\":[\"nested\"]}}";

        assertEquals(Set.of(), roles("realm_access.roles", payload));
    }

    @Test
    void readWhenArrayHasNonStringItemsThenTheyAreIgnored() {
        String payload = "{\"roles\":[\"user\",1,true,null,{\"r\":\"admin\"},[\"admin\"],\"\",\"ops\"]}";

        assertEquals(Set.of("user", "ops"), roles("roles", payload));
    }

    @Test
    void readWhenArrayRepeatsARoleThenItAppearsOnce() {
        assertEquals(List.of("user"), List.copyOf(roles("roles", "{\"roles\":[\"user\",\"user\"]}")));
    }

    @Test
    void readWhenClaimMissingThenNoRoles() {
        assertEquals(Set.of(), roles("roles", "{\"sub\":\"alice\"}"));
    }

    @Test
    void readWhenNestedPathMissingThenNoRoles() {
        assertEquals(Set.of(), roles("realm_access.roles", "{\"realm_access\":{\"groups\":[\"x\"]}}"));
    }

    @Test
    void readWhenPathTopLevelMissingThenNoRoles() {
        assertEquals(Set.of(), roles("realm_access.roles", "{\"roles\":[\"user\"]}"));
    }

    @ParameterizedTest(name = "roles = {0}")
    @ValueSource(strings = {"42", "true", "null", "{\"admin\":true}", "{}", "[]", "1.5"})
    void readWhenClaimHasWrongTypeThenNoRoles(String value) {
        assertEquals(Set.of(), roles("roles", "{\"roles\":" + value + "}"));
    }

    @ParameterizedTest(name = "realm_access = {0}")
    @ValueSource(strings = {"42", "\"roles\"", "[\"roles\"]", "null", "{\"roles\":7}", "{\"roles\":{\"a\":1}}"})
    void readWhenPathCrossesAWrongTypeThenNoRoles(String value) {
        assertEquals(Set.of(), roles("realm_access.roles", "{\"realm_access\":" + value + "}"));
    }

    @Test
    void readWhenRoleNamesDifferInCaseThenBothKept() {
        assertEquals(Set.of("Admin", "admin"), roles("roles", "{\"roles\":[\"Admin\",\"admin\"]}"));
    }
}
