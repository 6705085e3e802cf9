package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTest {
    @ParameterizedTest
    @ValueSource(strings = {"jwt_", "auth_", "_x", "App2_", "a"})
    void acceptsPrefixesOfLettersDigitsAndUnderscores(String prefix) {
        assertEquals(prefix, Sql.checkPrefix(prefix));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1jwt_",
                "jwt-",
                "jwt_;drop table x;--",
                "a.b_",
                "jwt _",
                "\"q\"",
                "abcdefghijklmnopqrstuvwxyz12345"
            })
    void refusesPrefixesThatAreNotPlainIdentifiers(String prefix) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sql.checkPrefix(prefix));

        assertEquals(Sql.PREFIX_RULE, e.getMessage());
    }

    @Test
    void ddlRenamesTablesAndIndexButNotTheJwtIdColumn() {
        String ddl = Sql.ddl("auth_");

        assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS auth_revoked_token ("), ddl);
        assertTrue(ddl.contains("CREATE INDEX IF NOT EXISTS auth_revoked_token_expires_at ON auth_revoked_token"), ddl);
        assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS auth_subject_cutoff ("), ddl);
        assertTrue(ddl.contains("INSERT INTO auth_revocation_version (id, version)"), ddl);
        assertTrue(ddl.contains("jwt_id     VARCHAR(255) NOT NULL"), ddl);
        assertFalse(ddl.contains("jwt_revo"), ddl);
    }

    @Test
    void schemaHasFiveStatementsWithoutComments() {
        List<String> statements = new Sql("jwt_").schema;

        assertEquals(5, statements.size(), statements.toString());
        assertTrue(statements.stream().noneMatch(s -> s.contains("--") || s.endsWith(";")), statements.toString());
    }

    @Test
    void statementsSplitAtSemicolonsThatEndALine() {
        assertEquals(
                List.of("SELECT 1", "SELECT 'a;b' FROM t"),
                Sql.statements("-- comment\nSELECT\n1;\n\nSELECT 'a;b'\n  FROM t;\n"));
    }
}
