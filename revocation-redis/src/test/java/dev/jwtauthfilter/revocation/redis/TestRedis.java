package dev.jwtauthfilter.revocation.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * A real Redis for one test class: the {@code redis-server} binary shipped in the embedded-redis
 * artifact, on 127.0.0.1 at a port picked now, with a password and an append-only file fsynced on
 * every write (so data survives {@link #stop()} and {@link #restart()}, as on a production server).
 * If {@code REDIS_URL} is set, that server is used instead and cannot be stopped by the tests.
 */
final class TestRedis implements AutoCloseable {
    private final RedisServer server;
    private final URI uri;
    private final String password;
    private RedisClient admin;

    private TestRedis(RedisServer server, URI uri, String password) {
        this.server = server;
        this.uri = uri;
        this.password = password;
    }

    static TestRedis launch() {
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            return new TestRedis(null, URI.create(external.strip()), null);
        }
        try {
            int port = freePort();
            String password = "pw-" + UUID.randomUUID();
            Path dir = Path.of(System.getProperty("basedir", ""))
                    .toAbsolutePath()
                    .resolve("target/redis-it/" + port + "-" + UUID.randomUUID());
            Files.createDirectories(dir);
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir \"" + dir + "\"")
                    .setting("requirepass " + password)
                    .setting("appendonly yes")
                    .setting("appendfsync always")
                    .setting("save \"\"")
                    .build();
            server.start();
            return new TestRedis(server, URI.create("redis://:" + password + "@127.0.0.1:" + port + "/0"), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL with its password. */
    URI uri() {
        return uri;
    }

    /** The password the embedded server requires, or null for an external one. */
    String password() {
        return password;
    }

    /** Whether this test owns the server and may stop it. */
    boolean embedded() {
        return server != null;
    }

    /** Stops the server (SIGTERM, as an operator would). */
    void stop() throws IOException {
        closeAdmin();
        server.stop();
    }

    /** Starts it again on the same port with the same data. */
    void restart() throws IOException {
        server.start();
    }

    /** A client of the test's own, to look at keys. */
    synchronized RedisClient admin() {
        if (admin == null) {
            admin = RedisClient.create(uri);
        }
        return admin;
    }

    /** How many times Redis has run this command (lower case) since it started. */
    long calls(String command) {
        String info = admin().info("commandstats");
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** The number of live change-feed threads of stores on this server. */
    long feedThreads() {
        String server = uri.getHost() + ":" + uri.getPort();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("jwt-auth-filter revocation")
                        && t.getName().contains(server))
                .count();
    }

    @Override
    public void close() throws IOException {
        closeAdmin();
        if (server != null) {
            server.stop();
        }
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
