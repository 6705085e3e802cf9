package dev.jwtauthfilter.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserDirectoryTest {
    private static UserDirectory users;

    @BeforeAll
    static void loadTheShippedDemoAccounts() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("src/main/webapp/WEB-INF/users.properties"))) {
            users = UserDirectory.load(in, new PasswordHasher());
        }
    }

    @Test
    void demoAccountsSignInWithTheirDocumentedPasswordsAndRoles() {
        assertEquals(
                List.of("user"),
                users.authenticate("alice", "alice-password").orElseThrow().roles());
        assertEquals(
                List.of("user", "admin"),
                users.authenticate("admin", "admin-password").orElseThrow().roles());
    }

    @Test
    void wrongPasswordUnknownUserAndMissingFieldsAllFail() {
        assertTrue(users.authenticate("alice", "admin-password").isEmpty());
        assertTrue(users.authenticate("mallory", "alice-password").isEmpty());
        assertTrue(users.authenticate("alice", null).isEmpty());
        assertTrue(users.authenticate(null, "alice-password").isEmpty());
    }

    @Test
    void passwordsAreStoredAsSaltedPbkdf2Hashes() throws Exception {
        String file = Files.readString(Path.of("src/main/webapp/WEB-INF/users.properties"));

        assertTrue(file.contains("alice = pbkdf2-sha256:" + PasswordHasher.ITERATIONS + ":"));
        assertTrue(!file.contains("= alice-password") && !file.contains("= admin-password"));
    }

    @Test
    void hashesOfOnePasswordDifferByTheirSalt() {
        PasswordHasher hasher = new PasswordHasher();
        String a = hasher.hash("same".toCharArray());
        String b = hasher.hash("same".toCharArray());

        assertTrue(!a.equals(b) && hasher.matches("same".toCharArray(), a) && hasher.matches("same".toCharArray(), b));
    }
}
