package dev.jwtauthfilter.jwks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.config.JwksSettings;
import dev.jwtauthfilter.jwks.JwksFetchException.Reason;
import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.JwksServer;
import dev.jwtauthfilter.testsupport.TestKeys;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hard limits of one fetch, against a real HTTP server on 127.0.0.1: the read deadline, the body
 * cap (abandoning the response, not reading it to the end), status 200 only, redirects not followed.
 */
class JwksFetcherTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    /** Connect 300 ms + read 500 ms, and slack for a busy machine. */
    private static final Duration WITHIN_DEADLINE = Duration.ofMillis(800 + 1500);

    private final JwksServer server = JwksServer.start();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private JwksFetcher fetcher(JwksSettings.Builder settings) {
        return new JwksFetcher(settings.build());
    }

    private JwksFetcher fetcher() {
        return fetcher(JwksSettings.builder(server.uri().toString())
                .connectTimeoutMillis(300)
                .readTimeoutMillis(500));
    }

    private static JwksFetchException failure(JwksFetcher fetcher) {
        return assertThrows(JwksFetchException.class, fetcher::fetch);
    }

    @Test
    void fetchReturnsTheBodyAndTheMaxAge() throws Exception {
        String document = Jwks.set(Jwks.rsa("kid-1", TestKeys.RSA));
        server.publish(document).cacheControl("public, max-age=300");

        JwksFetcher.Response response = fetcher().fetch();

        assertAll(
                () -> assertEquals(document, new String(response.body(), StandardCharsets.UTF_8)),
                () -> assertEquals(Optional.of(Duration.ofSeconds(300)), response.maxAge()));
    }

    @Test
    void fetchWhenServerStallsPastTheReadTimeoutThenReadTimeoutWithinTheDeadline() {
        server.respondWith(JwksServer.stall());
        JwksFetcher fetcher = fetcher();

        long start = System.nanoTime();
        JwksFetchException e = failure(fetcher);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertAll(
                () -> assertEquals(Reason.READ_TIMEOUT, e.reason()),
                () -> assertTrue(took.compareTo(WITHIN_DEADLINE) < 0, "took " + took),
                () -> assertTrue(took.compareTo(Duration.ofMillis(450)) >= 0, "gave up early: " + took));
    }

    @ParameterizedTest(name = "Content-Length declared: {0}")
    @ValueSource(booleans = {true, false})
    void fetchWhenBodyIsTenMegabytesThenTooLargeAndTheResponseIsAbandoned(boolean declareLength) throws Exception {
        JwksServer.HugeBody huge = new JwksServer.HugeBody(TEN_MB, declareLength);
        server.respondWith(huge);
        JwksFetcher fetcher = fetcher();

        long start = System.nanoTime();
        JwksFetchException e = failure(fetcher);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertAll(
                () -> assertEquals(Reason.TOO_LARGE, e.reason()),
                () -> assertTrue(took.compareTo(WITHIN_DEADLINE) < 0, "took " + took),
                () -> assertTrue(huge.abandonedWithin(Duration.ofSeconds(10)), "the server sent all 10 MB"));
    }

    /** Four RSA keys: over the 1024-byte least maxBytes. */
    private static String fourKeys() {
        return Jwks.set(
                Jwks.rsa("kid-1", TestKeys.RSA),
                Jwks.rsa("kid-2", TestKeys.RSA_OTHER),
                Jwks.rsa("kid-3", TestKeys.RSA),
                Jwks.rsa("kid-4", TestKeys.RSA_OTHER));
    }

    @Test
    void fetchWhenBodyIsExactlyMaxBytesThenRead() throws Exception {
        String document = fourKeys();
        server.publish(document);
        int size = document.getBytes(StandardCharsets.UTF_8).length;

        JwksFetcher.Response response = fetcher(
                        JwksSettings.builder(server.uri().toString()).maxBytes(size))
                .fetch();

        assertEquals(size, response.body().length);
    }

    @Test
    void fetchWhenBodyIsOneByteOverMaxBytesThenTooLarge() {
        String document = fourKeys();
        server.publish(document);
        int size = document.getBytes(StandardCharsets.UTF_8).length;

        JwksFetchException e =
                failure(fetcher(JwksSettings.builder(server.uri().toString()).maxBytes(size - 1)));

        assertEquals("too_large (Content-Length over " + (size - 1) + " bytes)", e.getMessage());
    }

    @Test
    void fetchWhenRedirectedThenFailsWithoutFollowing() {
        server.publish(Jwks.set(Jwks.rsa("kid-1", TestKeys.RSA))).respondWith(JwksServer.redirectTo());

        JwksFetchException e = failure(fetcher());

        assertAll(
                () -> assertEquals(Reason.REDIRECT, e.reason()),
                () -> assertEquals("redirect (status 302)", e.getMessage()),
                () -> assertEquals(0, server.hits(JwksServer.MOVED_PATH), "the redirect was followed"));
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 404, 500, 503})
    void fetchWhenStatusIsNot200ThenHttpStatus(int status) {
        server.respondWith(JwksServer.status(status));

        JwksFetchException e = failure(fetcher());

        assertEquals("http_status (status " + status + ")", e.getMessage());
    }

    @Test
    void fetchWhenNothingListensThenConnectFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        JwksFetchException e = failure(fetcher(JwksSettings.builder("http://127.0.0.1:" + closedPort + "/jwks.json")
                .connectTimeoutMillis(300)));

        assertEquals(Reason.CONNECT_FAILED, e.reason());
    }

    @Test
    void deadlineIsConnectPlusReadTimeout() {
        assertEquals(Duration.ofMillis(800), fetcher().deadline());
    }
}
