package dev.jwtauthfilter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import dev.jwtauthfilter.config.ConfigException;
import dev.jwtauthfilter.config.JwksSettings;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.testsupport.CapturingOutputStream;
import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.JwksServer;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.MutableClock;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter with {@code jwksUri}: keys from a real JWKS server on 127.0.0.1 that the test controls,
 * and the answers requests get when the endpoint rotates, fails, stalls, floods or redirects. Servlet
 * objects are mocks; the HTTP between filter and key server is real.
 */
class JwtAuthFilterJwksTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String KID_1 = "kid-1";
    private static final String KID_2 = "kid-2";
    private static final String REFRESH_THREAD = "JwtAuthFilter 'jwt' JWKS refresh";
    private static final String INVALID_TOKEN_CHALLENGE =
            "Bearer realm=\"/shop\", error=\"invalid_token\", error_description=\"The access token is invalid\"";

    private final JwksServer server = JwksServer.start();
    private final MutableClock clock = new MutableClock(T0);
    private final FilterConfig filterConfig = mock(FilterConfig.class);
    private final ServletContext context = mock(ServletContext.class);
    private final Map<String, String> initParams = new LinkedHashMap<>();
    private final Map<String, Object> contextAttributes = new HashMap<>();
    private LogCapture log;
    private JwtAuthFilter filter;

    @BeforeEach
    void setUp() {
        when(filterConfig.getServletContext()).thenReturn(context);
        when(filterConfig.getFilterName()).thenReturn("jwt");
        when(filterConfig.getInitParameterNames())
                .thenAnswer(i -> Collections.enumeration(new ArrayList<>(initParams.keySet())));
        when(filterConfig.getInitParameter(anyString())).thenAnswer(i -> initParams.get(i.<String>getArgument(0)));
        when(context.getContextPath()).thenReturn("/shop");
        when(context.getClassLoader()).thenReturn(JwtAuthFilterJwksTest.class.getClassLoader());
        when(context.getAttribute(anyString())).thenAnswer(i -> contextAttributes.get(i.<String>getArgument(0)));
        doAnswer(i -> contextAttributes.put(i.getArgument(0), i.getArgument(1)))
                .when(context)
                .setAttribute(anyString(), any());
        log = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        if (filter != null) {
            filter.destroy();
        }
        server.close();
        log.close();
    }

    // ---------------------------------------------------------------- configuration helpers

    private JwksSettings.Builder jwks() {
        return JwksSettings.builder(server.uri().toString())
                .connectTimeoutMillis(300)
                .readTimeoutMillis(500);
    }

    private JwtAuthFilter start(JwksSettings.Builder jwks, String... algorithms) throws ServletException {
        JwtAuthConfig config = JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(algorithms.length == 0 ? new String[] {"RS256"} : algorithms)
                .jwks(jwks.build())
                .clock(clock)
                .build();
        filter = new JwtAuthFilter(config);
        filter.init(filterConfig);
        return filter;
    }

    private JwtAuthFilter start() throws ServletException {
        return start(jwks());
    }

    private String rs256(String kid) {
        return TestTokens.valid(clock.instant()).withKeyId(kid).sign(TestTokens.rs256());
    }

    // ---------------------------------------------------------------- requests

    /** What one request got: status, headers, and whether the application behind the filter ran. */
    private record Outcome(int status, Map<String, String> headers, boolean chainCalled) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private Outcome send(String token) throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        HttpServletResponse response = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);
        when(request.getMethod()).thenReturn("GET");
        when(request.getServletPath()).thenReturn("/api/orders");
        when(request.getHeaders("Authorization")).thenAnswer(i -> Collections.enumeration(List.of("Bearer " + token)));
        when(response.getOutputStream()).thenReturn(new CapturingOutputStream(new ByteArrayOutputStream()));
        AtomicInteger status = new AtomicInteger(200);
        Map<String, String> headers = new HashMap<>();
        doAnswer(i -> {
                    status.set(i.getArgument(0));
                    return null;
                })
                .when(response)
                .setStatus(anyInt());
        doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1)))
                .when(response)
                .setHeader(anyString(), anyString());

        filter.doFilter(request, response, chain);

        return new Outcome(
                status.get(), headers, !mockingDetails(chain).getInvocations().isEmpty());
    }

    private static void assertPassed(Outcome o) {
        assertAll(() -> assertEquals(200, o.status(), "status"), () -> assertTrue(o.chainCalled(), "chain called"));
    }

    private static void assertInvalidToken(Outcome o) {
        assertAll(
                () -> assertEquals(401, o.status(), "status"),
                () -> assertEquals(INVALID_TOKEN_CHALLENGE, o.header("WWW-Authenticate")),
                () -> assertFalse(o.chainCalled(), "chain called"));
    }

    private static void assertUnavailable(Outcome o) {
        assertAll(
                () -> assertEquals(503, o.status(), "status"),
                () -> assertEquals("5", o.header("Retry-After")),
                () -> assertEquals(null, o.header("WWW-Authenticate")),
                () -> assertFalse(o.chainCalled(), "chain called"));
    }

    // ---------------------------------------------------------------- keys by kid

    @Test
    void initWithJwksUriInitParamThenTokensSignedByEitherPublishedKeyReachTheApplication() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.ec(KID_2, TestKeys.EC_P256));
        initParams.put("issuer", TestTokens.ISSUER);
        initParams.put("audience", TestTokens.AUDIENCE);
        initParams.put("algorithms", "RS256,ES256");
        initParams.put("jwksUri", server.uri().toString());
        filter = new JwtAuthFilter();
        filter.init(filterConfig);
        Instant now = Instant.now(); // init-params give the system clock

        Outcome rsa = send(TestTokens.valid(now).withKeyId(KID_1).sign(TestTokens.rs256()));
        Outcome ec = send(TestTokens.valid(now).withKeyId(KID_2).sign(TestTokens.es256()));

        assertAll(() -> assertPassed(rsa), () -> assertPassed(ec), () -> assertEquals(1, server.fetches()));
    }

    @Test
    void initFetchesTheJwksBeforeTheFirstRequest() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));

        start();

        assertEquals(1, server.fetches());
    }

    @Test
    void doFilterWhenKeyRotatedInThenItsTokensPassAfterOneRefetch() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));
        clock.advanceSeconds(30);

        Outcome rotated =
                send(TestTokens.valid(clock.instant()).withKeyId(KID_2).sign(TestTokens.rs256Other()));

        assertAll(() -> assertPassed(rotated), () -> assertEquals(2, server.fetches()));
    }

    @Test
    void doFilterWhenKeyRemovedFromTheJwksThenItsTokensAreRefusedAfterTheTtl() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA)).cacheControl("max-age=120");
        start();
        server.publish(Jwks.rsa(KID_2, TestKeys.RSA_OTHER));

        clock.advanceSeconds(120);
        Outcome beforeTtl = send(rs256(KID_1));
        clock.advanceSeconds(1);
        Outcome afterTtl = send(rs256(KID_1));

        assertAll(() -> assertPassed(beforeTtl), () -> assertInvalidToken(afterTtl));
    }

    @Test
    void doFilterWhenJwkAlgDiffersFromTheTokenAlgThen401() throws Exception {
        server.publish(Jwks.with(Jwks.rsa(KID_1, TestKeys.RSA), "alg", "RS384"));
        start(jwks(), "RS256", "RS384");

        assertInvalidToken(send(rs256(KID_1)));
    }

    @Test
    void doFilterWhenJwkAlgEqualsTheTokenAlgThenPasses() throws Exception {
        server.publish(Jwks.with(Jwks.rsa(KID_1, TestKeys.RSA), "alg", "RS256"));
        start(jwks(), "RS256", "RS384");

        assertPassed(send(rs256(KID_1)));
    }

    @Test
    void doFilterWhenKidNamesAnOctKeyThen401() throws Exception {
        byte[] secret = TestKeys.hmacSecret();
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.oct("shared", secret));
        start();

        Outcome rsSigned = send(rs256("shared"));
        Outcome hsSigned =
                send(TestTokens.valid(clock.instant()).withKeyId("shared").sign(TestTokens.hs256()));

        assertAll(() -> assertInvalidToken(rsSigned), () -> assertInvalidToken(hsSigned));
    }

    @Test
    void doFilterWhenHs256TokenCarriesTheKidOfAnRsaKeyThen401() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();
        // The classic confusion: the RSA public key (as published, or as PEM) used as an HMAC secret.
        byte[] pem =
                TestKeys.resourceText("/keys/" + TestKeys.RSA + "-public.pem").getBytes(StandardCharsets.US_ASCII);
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + KID_1 + "\"}";
        String payload = TestTokens.payloadJson(
                clock.instant(), "\"exp\":" + clock.instant().plusSeconds(600).getEpochSecond());

        Outcome o = send(TestTokens.rawHs256(header, payload, pem));

        assertAll(() -> assertInvalidToken(o), () -> assertEquals(1, server.fetches(), "no refetch for HS256"));
    }

    @Test
    void doFilterWhenTokenHasNoKidAndTheJwksHoldsOneKeyThenPasses() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();

        assertPassed(send(TestTokens.rsaToken(clock.instant())));
    }

    @Test
    void doFilterWhenTokenHasNoKidAndTheJwksHoldsTwoKeysThen401() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));
        start();

        assertInvalidToken(send(TestTokens.rsaToken(clock.instant())));
    }

    // ---------------------------------------------------------------- outages

    @Test
    void doFilterWhenEndpointGoesDownAfterTheFirstFetchThenValidTokensPassAndOneWarningIsLogged() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();
        server.respondWith(JwksServer.status(500));
        List<Outcome> outcomes = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            clock.advanceSeconds(i == 0 ? 601 : 30);
            outcomes.add(send(rs256(KID_1)));
        }

        List<String> warnings = log.messages(Level.WARNING);
        assertAll(
                () -> outcomes.forEach(JwtAuthFilterJwksTest::assertPassed),
                () -> assertEquals(5, server.fetches(), "one failed refetch per cooldown"),
                () -> assertEquals(1, warnings.size(), warnings.toString()),
                () -> assertTrue(
                        warnings.get(0).startsWith("JWKS endpoint " + server.uri() + " failed"), warnings.get(0)));
    }

    @Test
    void doFilterWhenEndpointNeverReachableThen503WithRetryAfterAndOneWarning() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        start(JwksSettings.builder("http://127.0.0.1:" + closedPort + "/jwks.json")
                .connectTimeoutMillis(300)
                .readTimeoutMillis(500));
        List<Outcome> outcomes = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            outcomes.add(send(rs256(KID_1)));
            clock.advanceSeconds(30);
        }

        List<String> warnings = log.messages(Level.WARNING);
        assertAll(
                () -> outcomes.forEach(JwtAuthFilterJwksTest::assertUnavailable),
                () -> assertEquals(
                        List.of("JWKS endpoint http://127.0.0.1:" + closedPort + "/jwks.json failed (connect_failed,"
                                + " initial); no keys yet, so requests with a token get 503 until a fetch succeeds"
                                + " (retried at most every cooldown)"),
                        warnings));
    }

    @Test
    void doFilterWhenEndpointNeverAnswersThen503WithinTheTimeoutsAndNoThreadIsLeftInTheClient() throws Exception {
        server.respondWith(JwksServer.stall());
        long initStart = System.nanoTime();
        start(); // connect 300 ms + read 500 ms
        Duration initTook = Duration.ofNanos(System.nanoTime() - initStart);
        clock.advanceSeconds(30); // so that the request itself tries again

        long start = System.nanoTime();
        Outcome o = send(rs256(KID_1));
        Duration requestTook = Duration.ofNanos(System.nanoTime() - start);
        filter.destroy();
        filter = null;

        assertAll(
                () -> assertUnavailable(o),
                () -> assertTrue(initTook.compareTo(Duration.ofMillis(2500)) < 0, "init took " + initTook),
                () -> assertTrue(requestTook.compareTo(Duration.ofMillis(2300)) < 0, "request took " + requestTook),
                () -> assertEquals(2, server.fetches()),
                () -> assertEquals(List.of(), threadsInTheJwksClient(Duration.ofSeconds(3))));
    }

    @Test
    void doFilterWhenJwksBodyIsTenMegabytesAtStartThen503() throws Exception {
        JwksServer.HugeBody huge = new JwksServer.HugeBody(10 * 1024 * 1024, false);
        server.respondWith(huge);
        start();

        Outcome o = send(rs256(KID_1));

        assertAll(
                () -> assertUnavailable(o),
                () -> assertTrue(huge.abandonedWithin(Duration.ofSeconds(10)), "the whole body was read"));
    }

    @Test
    void doFilterWhenRefetchForAnUnknownKidGetsTenMegabytesThen401WithinTheTimeoutsAndKnownKeysStillPass()
            throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();
        server.respondWith(new JwksServer.HugeBody(10 * 1024 * 1024, true));
        clock.advanceSeconds(30);

        long start = System.nanoTime();
        Outcome unknown = send(rs256(KID_2));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Outcome known = send(rs256(KID_1));

        assertAll(
                () -> assertInvalidToken(unknown),
                () -> assertTrue(took.compareTo(Duration.ofMillis(2300)) < 0, "took " + took),
                () -> assertPassed(known),
                () -> assertEquals(2, server.fetches()));
    }

    @Test
    void doFilterWhenJwksEndpointRedirectsThen503AndTheRedirectIsNotFollowed() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA)).respondWith(JwksServer.redirectTo());
        start();

        Outcome o = send(rs256(KID_1));

        assertAll(() -> assertUnavailable(o), () -> assertEquals(0, server.hits(JwksServer.MOVED_PATH)));
    }

    @Test
    void doFilterWhenJwksHoldsMoreThanMaxKeysThen503() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));
        start(jwks().maxKeys(1));

        assertUnavailable(send(rs256(KID_1)));
    }

    @Test
    void doFilterWhileKeysAreUnavailableLogsEachRefusalAtDebugOnly() throws Exception {
        server.respondWith(JwksServer.status(500));
        start();
        log.clear();

        send(rs256(KID_1));
        send(rs256(KID_1));

        assertAll(
                () -> assertEquals(List.of(), log.messages(Level.WARNING)),
                () -> assertEquals(
                        List.of(
                                "JWKS keys unavailable, request refused with 503: no keys fetched from the JWKS"
                                        + " endpoint yet",
                                "JWKS keys unavailable, request refused with 503: no keys fetched from the JWKS"
                                        + " endpoint yet"),
                        log.messages(Level.FINE)));
    }

    // ---------------------------------------------------------------- counters, lifecycle, configuration

    @Test
    void metricsCountTokensAndJwksFetchesAndAreReachableFromTheServletContext() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();
        clock.advanceSeconds(30);
        send(rs256(KID_1));
        send(rs256(KID_1));
        send(rs256("forged-kid"));
        send(TestTokens.valid(clock.instant()).withKeyId(KID_1).sign(TestTokens.rs256Other()));

        JwtAuthMetrics metrics = (JwtAuthMetrics) contextAttributes.get(JwtAuthFilter.METRICS_ATTRIBUTE);
        JwtAuthMetrics.Snapshot s = metrics.snapshot();

        assertAll(
                () -> assertEquals(2, s.tokensAccepted()),
                () -> assertEquals(1, s.tokensRejected().get("unknown_key")),
                () -> assertEquals(1, s.tokensRejected().get("bad_signature")),
                () -> assertEquals(2, s.tokensRejectedTotal()),
                () -> assertEquals(0, s.unavailable()),
                () -> assertEquals(2, s.jwksFetches()),
                () -> assertEquals(0, s.jwksFetchFailures()),
                () -> assertEquals(1, s.jwksUnknownKidRefetches()),
                () -> assertEquals(metrics, contextAttributes.get(JwtAuthFilter.METRICS_ATTRIBUTE + ".jwt")));
    }

    @Test
    void eachJwksFetchLogsTheCountersAtDebug() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();
        send(rs256(KID_1));
        server.respondWith(JwksServer.status(500));
        clock.advanceSeconds(30);
        log.clear();

        send(rs256("forged-kid"));

        List<String> counters = log.messages(Level.FINE).stream()
                .filter(m -> m.startsWith("JwtAuthFilter counters:"))
                .collect(Collectors.toList());
        assertEquals(
                List.of("JwtAuthFilter counters: tokensAccepted=1 tokensRejected={} unavailable=0 jwksFetches=2"
                        + " jwksFetchFailures=1 jwksUnknownKidRefetches=1 verifiedTokenCacheHits=0"),
                counters);
    }

    @Test
    void initStartsOneNamedRefreshThreadAndDestroyStopsIt() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        start();
        List<Thread> running = threadsNamed(REFRESH_THREAD);

        filter.destroy();
        filter = null;
        for (Thread t : running) {
            t.join(5000);
        }

        assertAll(
                () -> assertEquals(1, running.size(), "refresh threads after init"),
                () -> assertTrue(running.get(0).isDaemon()),
                () -> assertEquals(List.of(), threadsNamed(REFRESH_THREAD), "after destroy"));
    }

    @Test
    void initWhenJwksUriIsPlainHttpToARemoteHostThenServletExceptionNamesItAndNothingStarts() {
        initParams.put("issuer", TestTokens.ISSUER);
        initParams.put("audience", TestTokens.AUDIENCE);
        initParams.put("algorithms", "RS256");
        initParams.put("jwksUri", "http://login.example.com/jwks.json");

        ServletException e = assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        assertAll(
                () -> assertEquals(
                        "Invalid JwtAuthFilter configuration: init-param 'jwksUri' must use https; plain http is"
                                + " allowed only for loopback hosts (127.0.0.0/8, ::1, localhost)",
                        e.getMessage()),
                () -> assertEquals("jwksUri", ((ConfigException) e.getCause()).parameter()),
                () -> assertEquals(List.of(), threadsNamed(REFRESH_THREAD)));
    }

    // ---------------------------------------------------------------- threads

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(name))
                .collect(Collectors.toList());
    }

    /** Threads (other than this one) running code of the JWKS client, once they had {@code limit} to finish. */
    private static List<String> threadsInTheJwksClient(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> inside;
        do {
            inside = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey() != Thread.currentThread())
                    .filter(e -> Arrays.stream(e.getValue())
                            .anyMatch(f -> f.getClassName().startsWith("dev.jwtauthfilter.jwks.")))
                    .map(e -> e.getKey().getName())
                    .collect(Collectors.toList());
            if (!inside.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!inside.isEmpty() && System.nanoTime() < deadline);
        return inside;
    }
}
