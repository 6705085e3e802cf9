package dev.jwtauthfilter.attack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on 127.0.0.1 that counts every connection and answers each with an attacker's
 * JWKS. Token headers that point at it ({@code jku}, {@code x5u}) must leave the count at zero: the
 * filter takes keys only from its own configuration.
 */
final class Canary implements AutoCloseable {
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 11\r\nConnection: close\r\n\r\n{\"keys\":[]}")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private Canary(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::accept, "attack-canary");
        this.acceptor.setDaemon(true);
    }

    static Canary start() {
        try {
            Canary canary = new Canary(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            canary.acceptor.start();
            return canary;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the canary listener", e);
        }
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                connections.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write(ANSWER);
                out.flush();
            } catch (IOException closedOrReset) {
                // closed by close(), or the peer went away: keep counting the next one
            }
        }
    }

    /** A URL on the canary, e.g. {@code /jwks.json}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
