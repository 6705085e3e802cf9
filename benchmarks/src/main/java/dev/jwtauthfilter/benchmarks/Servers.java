package dev.jwtauthfilter.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** Real Redis and PostgreSQL servers from Maven artifacts, on loopback ports picked at run time. */
final class Servers {
    private Servers() {}

    /** A started Redis server and its URL. */
    record Redis(RedisServer server, String url) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            server.stop();
        }
    }

    static Redis redis() throws IOException {
        int port = freePort();
        Path dir = Files.createTempDirectory("bench-redis");
        RedisServer server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("dir \"" + dir + "\"")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return new Redis(server, "redis://127.0.0.1:" + port + "/0");
    }

    static EmbeddedPostgres postgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
    }

    static String postgresUrl(EmbeddedPostgres pg) {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
