package dev.jwtauthfilter.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 at a port the OS picks, serving a JWKS at {@link #PATH} whose
 * document and behaviour the test controls: publish keys, set {@code Cache-Control}, fail with a
 * status, redirect, stall, send a huge body, or hold a response until the test lets it go. Counts
 * every request by path.
 */
public final class JwksServer implements AutoCloseable {
    public static final String PATH = "/jwks.json";
    /** Where {@link #redirectTo} points; it serves the document too, so following it would succeed. */
    public static final String MOVED_PATH = "/moved/jwks.json";

    /** How the JWKS path answers. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange, JwksServer server) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String document = Jwks.set();
    private volatile String cacheControl;
    private volatile Responder responder = JwksServer::serveDocument;

    private JwksServer() throws IOException {
        executor = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "test-jwks-server");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static JwksServer start() {
        try {
            return new JwksServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test JWKS server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/jwks.json} */
    public URI uri() {
        return uri(PATH);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Serves this JWKS document from now on (and answers normally again). */
    public JwksServer publish(String jwksJson) {
        document = jwksJson;
        responder = JwksServer::serveDocument;
        return this;
    }

    /** Serves these keys from now on (and answers normally again). */
    @SafeVarargs
    public final JwksServer publish(Map<String, Object>... keys) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Object> key : keys) {
            list.add(key);
        }
        return publish(Jwks.set(list));
    }

    /** Sends this {@code Cache-Control} value with the document; null for none. */
    public JwksServer cacheControl(String value) {
        cacheControl = value;
        return this;
    }

    /** Answers the JWKS path this way from now on. */
    public JwksServer respondWith(Responder answer) {
        responder = answer;
        return this;
    }

    /** Requests to the JWKS path so far. */
    public int fetches() {
        return hits(PATH);
    }

    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try {
            if (path.equals(PATH)) {
                responder.respond(exchange, this);
            } else if (path.equals(MOVED_PATH)) {
                serveDocument(exchange, this);
            } else {
                send(exchange, 404, "not found");
            }
        } finally {
            exchange.close();
        }
    }

    /** The normal answer: 200 with the published document. */
    public static void serveDocument(HttpExchange exchange, JwksServer server) throws IOException {
        if (server.cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", server.cacheControl);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
        send(exchange, 200, server.document);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ---------------------------------------------------------------- behaviours

    /** Answers with this status and a short body. */
    public static Responder status(int code) {
        return (exchange, server) -> send(exchange, code, "{\"error\":\"status " + code + "\"}");
    }

    /** A 302 to {@link #MOVED_PATH}, which serves the document. */
    public static Responder redirectTo() {
        return (exchange, server) -> {
            exchange.getResponseHeaders().set("Location", server.uri(MOVED_PATH).toString());
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /** Never answers: waits until the server closes (at most a minute), then sends the document. */
    public static Responder stall() {
        return (exchange, server) -> {
            try {
                server.closing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serveDocument(exchange, server);
        };
    }

    /**
     * A 200 whose body is {@code bytes} long (valid JSON start, then padding), with or without a
     * {@code Content-Length}; records whether the client hung up before the end.
     */
    public static final class HugeBody implements Responder {
        private final int bytes;
        private final boolean declareLength;
        private final CompletableFuture<Boolean> abandoned = new CompletableFuture<>();

        public HugeBody(int bytes, boolean declareLength) {
            this.bytes = bytes;
            this.declareLength = declareLength;
        }

        @Override
        public void respond(HttpExchange exchange, JwksServer server) throws IOException {
            exchange.sendResponseHeaders(200, declareLength ? bytes : 0);
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '{';
            try {
                OutputStream out = exchange.getResponseBody();
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                    chunk[0] = ' ';
                }
                out.close();
                abandoned.complete(false);
            } catch (IOException e) {
                abandoned.complete(true);
            }
        }

        /** Whether the client hung up before the whole body was sent, waiting at most {@code limit}. */
        public boolean abandonedWithin(Duration limit) throws Exception {
            return abandoned.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Holds each request until {@link #open()}, then serves the document: a fetch the test can keep
     * in flight.
     */
    public static final class Gate implements Responder {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        @Override
        public void respond(HttpExchange exchange, JwksServer server) throws IOException {
            arrived.countDown();
            try {
                open.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serveDocument(exchange, server);
        }

        /** Waits until a request is being held. */
        public boolean awaitArrival(Duration limit) throws InterruptedException {
            return arrived.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }

        public void open() {
            open.countDown();
        }
    }
}
