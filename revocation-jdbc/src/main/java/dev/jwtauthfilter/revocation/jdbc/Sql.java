package dev.jwtauthfilter.revocation.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every SQL statement of the store, for one table prefix. Portable between PostgreSQL and H2: no
 * upsert syntax (an UPDATE, then an INSERT when it matched nothing), no LIMIT, no vendor functions.
 */
final class Sql {
    /** Letters, digits and underscores, not starting with a digit: safe to put into SQL unquoted. */
    static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");

    static final String DEFAULT_PREFIX = "jwt_";
    static final String SCHEMA_RESOURCE = "schema.sql";

    /** The default prefix where it starts a table or index name, not in the column {@code jwt_id}. */
    private static final Pattern PREFIXED_NAME =
            Pattern.compile("\\bjwt_(?=revoked_token|subject_cutoff|revocation_version)");

    final String isRevoked;
    final String updateToken;
    final String insertToken;
    final String updateCutoff;
    final String insertCutoff;
    final String bumpVersion;
    final String readVersion;
    final String purge;
    final List<String> schema;

    Sql(String prefix) {
        checkPrefix(prefix);
        String tokens = prefix + "revoked_token";
        String cutoffs = prefix + "subject_cutoff";
        String version = prefix + "revocation_version";
        isRevoked = "SELECT (SELECT COUNT(*) FROM " + tokens + " WHERE issuer = ? AND jwt_id = ?),"
                + " (SELECT issued_before FROM " + cutoffs + " WHERE issuer = ? AND subject = ?)";
        updateToken = "UPDATE " + tokens
                + " SET expires_at = CASE WHEN expires_at < ? THEN ? ELSE expires_at END"
                + " WHERE issuer = ? AND jwt_id = ?";
        insertToken = "INSERT INTO " + tokens + " (issuer, jwt_id, expires_at) VALUES (?, ?, ?)";
        updateCutoff = "UPDATE " + cutoffs
                + " SET issued_before = CASE WHEN issued_before < ? THEN ? ELSE issued_before END"
                + " WHERE issuer = ? AND subject = ?";
        insertCutoff = "INSERT INTO " + cutoffs + " (issuer, subject, issued_before) VALUES (?, ?, ?)";
        bumpVersion = "UPDATE " + version + " SET version = version + 1 WHERE id = 1";
        readVersion = "SELECT version FROM " + version + " WHERE id = 1";
        purge = "DELETE FROM " + tokens + " WHERE expires_at < ?";
        schema = statements(ddl(prefix));
    }

    /**
     * Checks a table prefix, which is put into SQL unquoted.
     *
     * @throws IllegalArgumentException unless empty or matching {@link #TABLE_PREFIX}
     */
    static String checkPrefix(String prefix) {
        if (!prefix.isEmpty() && !TABLE_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(PREFIX_RULE);
        }
        return prefix;
    }

    static final String PREFIX_RULE = "must be letters, digits and underscores, at most 30, not starting with a digit";

    /**
     * The shipped DDL ({@code schema.sql}) with the table prefix applied.
     *
     * @param prefix a prefix {@link #TABLE_PREFIX} accepts, or empty
     */
    static String ddl(String prefix) {
        try (InputStream in = Sql.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return PREFIXED_NAME.matcher(text).replaceAll(Matcher.quoteReplacement(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a script: comment lines dropped, split at a {@code ;} that ends a line. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append(' ');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return List.copyOf(out);
    }
}
