package dev.jwtauthfilter.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The sample's accounts, loaded once from {@code WEB-INF/users.properties}: PBKDF2 hashes and roles. */
final class UserDirectory {
    /** A signed-in user as the issuing side knows it. */
    record User(String name, List<String> roles) {}

    private record Account(User user, String passwordHash) {}

    private final Map<String, Account> accounts;
    private final PasswordHasher hasher;
    /** Checked for unknown names, so that "no such user" takes as long as "wrong password". */
    private final String dummyHash;

    private UserDirectory(Map<String, Account> accounts, PasswordHasher hasher) {
        this.accounts = Map.copyOf(accounts);
        this.hasher = hasher;
        this.dummyHash = hasher.hash("no-such-user".toCharArray());
    }

    static UserDirectory load(InputStream in, PasswordHasher hasher) throws IOException {
        Properties props = new Properties();
        props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, Account> accounts = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            String[] parts = props.getProperty(name).split("\\|", -1);
            if (parts.length != 2) {
                throw new IllegalStateException(
                        "users.properties: the line for '" + name + "' must be '<hash> | <roles>'");
            }
            List<String> roles = Arrays.stream(parts[1].split(","))
                    .map(String::strip)
                    .filter(r -> !r.isEmpty())
                    .toList();
            accounts.put(name, new Account(new User(name, roles), parts[0].strip()));
        }
        return new UserDirectory(accounts, hasher);
    }

    /** Returns the user only if the password matches; unknown users cost the same time. */
    Optional<User> authenticate(String name, String password) {
        if (name == null || password == null || password.length() > 1024) {
            return Optional.empty();
        }
        Account account = accounts.get(name);
        boolean matches = hasher.matches(password.toCharArray(), account == null ? dummyHash : account.passwordHash());
        return matches && account != null ? Optional.of(account.user()) : Optional.empty();
    }

    Optional<User> find(String name) {
        return Optional.ofNullable(accounts.get(name)).map(Account::user);
    }
}
