package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jwtauthfilter.it.TomcatHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revocationStore.dataSource}: the store uses the {@code DataSource} the container publishes
 * in JNDI ({@code java:comp/env/jdbc/revocations}, a Tomcat resource), as {@code web.xml} names it.
 */
class JndiIT {
    private static final String RESOURCE = "jdbc/revocations";

    @TempDir
    Path dir;

    @Test
    void storeFromAJndiDataSourceRecordsRevocationsInThatDatabase() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("revocations");
        Node node = Node.start(
                new TomcatHarness(true, context -> context.getNamingResources().addResource(h2DataSource(url))),
                Map.of(
                        "revocationStore", "jdbc",
                        "revocationStore.dataSource", "java:comp/env/" + RESOURCE,
                        "revocationStore.createTables", "true"));
        try {
            Tokens token = Tokens.any();
            assertEquals(200, node.status(token.jwt()));

            node.store().revoke(token.issuer(), token.jwtId(), token.expiresAt());

            assertEquals(401, node.status(token.jwt()));
            assertEquals(1, count(url, token.jwtId()));
        } finally {
            node.stop();
        }
    }

    private static long count(String url, String jwtId) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM jwt_revoked_token WHERE jwt_id = '" + jwtId + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** As a {@code <Resource>} in {@code context.xml}: an H2 DataSource built by Tomcat's BeanFactory. */
    private static ContextResource h2DataSource(String url) {
        ContextResource resource = new ContextResource();
        resource.setName(RESOURCE);
        resource.setType("org.h2.jdbcx.JdbcDataSource");
        resource.setAuth("Container");
        resource.setProperty("factory", "org.apache.naming.factory.BeanFactory");
        resource.setProperty("URL", url);
        resource.setProperty("user", "sa");
        return resource;
    }
}
