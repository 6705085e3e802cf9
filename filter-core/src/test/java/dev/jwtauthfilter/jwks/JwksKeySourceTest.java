package dev.jwtauthfilter.jwks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.config.JwksSettings;
import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.keys.KeySourceException;
import dev.jwtauthfilter.testsupport.Concurrently;
import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.JwksServer;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.MutableClock;
import dev.jwtauthfilter.testsupport.TestKeys;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JWKS client against a real HTTP server on 127.0.0.1, with the clock driven by the test: keys by
 * kid, rotation, TTL and {@code Cache-Control}, the cooldown and the negative cache under a flood of
 * forged kids, single flight, outages with stale keys and their log lines, and the refresh thread.
 */
class JwksKeySourceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String KID_1 = "kid-1";
    private static final String KID_2 = "kid-2";
    private static final PublicKey RSA = TestKeys.publicKey(TestKeys.RSA);
    private static final PublicKey RSA_OTHER = TestKeys.publicKey(TestKeys.RSA_OTHER);
    private static final PublicKey EC = TestKeys.publicKey(TestKeys.EC_P256);

    private final JwksServer server = JwksServer.start();
    private final MutableClock clock = new MutableClock(T0);
    private final LogCapture log = LogCapture.start();
    private final AtomicInteger afterFetchCalls = new AtomicInteger();
    private JwksKeySource source;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
        server.close();
        log.close();
    }

    private JwksSettings.Builder settings() {
        return JwksSettings.builder(server.uri().toString())
                .connectTimeoutMillis(1000)
                .readTimeoutMillis(1000);
    }

    /** A source with the given settings after its first fetch at T0, without the background thread. */
    private JwksKeySource fetched(JwksSettings.Builder settings) {
        source = new JwksKeySource(settings.build(), clock, "test-jwks-refresh", afterFetchCalls::incrementAndGet);
        source.fetchNow();
        return source;
    }

    private JwksKeySource fetched() {
        return fetched(settings());
    }

    private Optional<PublicKey> rs256(String kid) {
        return source.find(kid, JwsAlgorithm.RS256);
    }

    private static String randomKid() {
        return "forged-" + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- keys by kid

    @Test
    void findWhenJwksHoldsTwoKeysThenEachKidGetsItsOwnKey() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.ec(KID_2, TestKeys.EC_P256));
        fetched();

        assertAll(
                () -> assertEquals(Optional.of(RSA), rs256(KID_1)),
                () -> assertEquals(Optional.of(EC), source.find(KID_2, JwsAlgorithm.ES256)),
                () -> assertEquals(1, server.fetches()));
    }

    @Test
    void findWhenKidNamesAKeyOfAnotherTypeThenEmptyWithoutRefetch() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.ec(KID_2, TestKeys.EC_P256));
        fetched();
        clock.advanceSeconds(60);

        assertAll(
                () -> assertEquals(Optional.empty(), rs256(KID_2)),
                () -> assertEquals(Optional.empty(), source.find(KID_1, JwsAlgorithm.ES256)),
                () -> assertEquals(1, server.fetches(), "a kid the JWKS names is not unknown"));
    }

    // ---------------------------------------------------------------- rotation and TTL

    @Test
    void findWhenKeyRotatedInThenOneRefetchFindsIt() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));
        clock.advanceSeconds(30);

        Optional<PublicKey> first = rs256(KID_2);
        Optional<PublicKey> again = rs256(KID_2);

        assertAll(
                () -> assertEquals(Optional.of(RSA_OTHER), first),
                () -> assertEquals(Optional.of(RSA_OTHER), again),
                () -> assertEquals(2, server.fetches()),
                () -> assertEquals(1, source.unknownKidRefetches()));
    }

    @Test
    void findWhenUnknownKidWithinCooldownOfTheLastFetchThenEmptyWithoutFetching() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));
        clock.advanceSeconds(29);

        assertAll(
                () -> assertEquals(Optional.empty(), rs256(KID_2)),
                () -> assertEquals(1, server.fetches()),
                () -> assertEquals(0, source.unknownKidRefetches()));
    }

    @Test
    void findWhenKeyRemovedFromJwksThenItVerifiesUntilTheTtlAndNotAfter() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));
        fetched();
        server.publish(Jwks.rsa(KID_2, TestKeys.RSA_OTHER));

        clock.advanceSeconds(600);
        Optional<PublicKey> atExpiry = rs256(KID_1);
        clock.advanceSeconds(1);
        Optional<PublicKey> afterExpiry = rs256(KID_1);

        assertAll(
                () -> assertEquals(Optional.of(RSA), atExpiry),
                () -> assertEquals(Optional.empty(), afterExpiry),
                () -> assertEquals(Optional.of(RSA_OTHER), rs256(KID_2)),
                () -> assertEquals(2, server.fetches(), "one refetch for the expired set, none for the kid"));
    }

    @ParameterizedTest(name = "Cache-Control: {0} -> kept {1}s")
    @CsvSource(
            delimiter = '|',
            value = {
                "max-age=120|120",
                "public, max-age=3600|3600",
                "max-age=5|60",
                "max-age=0|60",
                "no-store|60",
                "no-cache, max-age=600|60",
                "max-age=999999999|86400",
                "max-age=forever|600",
                "private|600"
            })
    void cacheControlMaxAgeSetsHowLongKeysAreKeptWithinOneMinuteAndOneDay(String header, long seconds) {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA)).cacheControl(header);
        fetched();
        server.publish(Jwks.set());

        clock.advanceSeconds(seconds);
        Optional<PublicKey> atExpiry = rs256(KID_1);
        clock.advanceSeconds(1);
        Optional<PublicKey> afterExpiry = rs256(KID_1);

        assertAll(
                () -> assertEquals(Optional.of(RSA), atExpiry),
                () -> assertEquals(Optional.empty(), afterExpiry),
                () -> assertEquals(2, server.fetches()));
    }

    @Test
    void configuredTtlAppliesWhenTheResponseHasNoCacheControl() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched(settings().cacheTtlSeconds(90));
        server.publish(Jwks.set());

        clock.advanceSeconds(90);
        Optional<PublicKey> atExpiry = rs256(KID_1);
        clock.advanceSeconds(1);

        assertAll(() -> assertEquals(Optional.of(RSA), atExpiry), () -> assertEquals(Optional.empty(), rs256(KID_1)));
    }

    // ---------------------------------------------------------------- flood protection

    @Test
    void findWhenBurstOf200RandomUnknownKidsThenOneFetchPerCooldownAndKnownKidKeepsVerifying() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        List<String> wrong = new CopyOnWriteArrayList<>();
        int threads = 20;
        int perThread = 10;

        for (int round = 1; round <= 2; round++) {
            clock.advanceSeconds(30);
            Concurrently.run(threads, Duration.ofSeconds(30), thread -> {
                for (int i = 0; i < perThread; i++) {
                    if (!rs256(randomKid()).isEmpty()) {
                        wrong.add("a forged kid got a key");
                    }
                    if (!rs256(KID_1).equals(Optional.of(RSA))) {
                        wrong.add("the known kid got no key");
                    }
                }
            });

            assertEquals(List.of(), wrong);
            assertEquals(1 + round, server.fetches(), "fetches after round " + round);
            assertEquals(round, source.unknownKidRefetches());
        }
    }

    @Test
    void findWhenFetchIsInFlightThenOtherThreadsWaitForItInsteadOfStartingTheirOwn() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));
        JwksServer.Gate gate = new JwksServer.Gate();
        server.respondWith(gate);
        clock.advanceSeconds(30);
        List<Optional<PublicKey>> found = new CopyOnWriteArrayList<>();

        Thread opener = new Thread(() -> {
            try {
                if (gate.awaitArrival(Duration.ofSeconds(10))) {
                    Thread.sleep(200); // let the other threads reach the wait
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.open();
        });
        opener.start();
        Concurrently.run(10, Duration.ofSeconds(30), thread -> found.add(rs256(KID_2)));
        opener.join();

        assertAll(
                () -> assertEquals(10, found.size()),
                () -> assertTrue(found.stream().allMatch(Optional.of(RSA_OTHER)::equals), found.toString()),
                () -> assertEquals(2, server.fetches()));
    }

    @Test
    void findWhenKidStillUnknownAfterARefetchThenRememberedUntilTheNextSuccessfulFetch() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        String forged = randomKid();

        clock.advanceSeconds(30);
        rs256(forged);
        int afterFirstMiss = server.fetches();
        clock.advanceSeconds(30);
        rs256(forged);
        int afterRememberedMiss = server.fetches();
        rs256(randomKid());
        int afterOtherKid = server.fetches();
        clock.advanceSeconds(30);
        rs256(forged);

        assertAll(
                () -> assertEquals(2, afterFirstMiss, "the first miss refetches"),
                () -> assertEquals(2, afterRememberedMiss, "a remembered kid does not"),
                () -> assertEquals(3, afterOtherKid, "another unknown kid does, after the cooldown"),
                () -> assertEquals(4, server.fetches(), "that fetch cleared what was remembered"));
    }

    @Test
    void findWhenRotatedKeyArrivesDuringAFloodThenItVerifiesAfterAtMostOneCooldown() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        clock.advanceSeconds(30);
        rs256(randomKid()); // the flood used this cooldown's fetch
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));

        clock.advanceSeconds(10);
        Optional<PublicKey> duringCooldown = rs256(KID_2);
        rs256(randomKid());
        clock.advanceSeconds(20);
        rs256(randomKid()); // the flood goes on and takes the next fetch

        assertAll(
                () -> assertEquals(Optional.empty(), duringCooldown),
                () -> assertEquals(Optional.of(RSA_OTHER), rs256(KID_2)));
    }

    @Test
    void findWithoutKidWhenJwksHoldsOneKeyThenThatKeyAndNoFetch() {
        server.publish(Jwks.rsa(null, TestKeys.RSA));
        fetched();
        clock.advanceSeconds(60);

        assertAll(() -> assertEquals(Optional.of(RSA), rs256(null)), () -> assertEquals(1, server.fetches()));
    }

    @Test
    void findWithoutKidWhenJwksHoldsTwoKeysThenEmptyAndNoFetch() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.ec(KID_2, TestKeys.EC_P256));
        fetched();
        clock.advanceSeconds(60);

        assertAll(() -> assertEquals(Optional.empty(), rs256(null)), () -> assertEquals(1, server.fetches()));
    }

    // ---------------------------------------------------------------- outages

    @Test
    void findWhenEndpointFailsAfterFirstFetchThenLastGoodKeysVerifyAndOneWarningIsLogged() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        server.respondWith(JwksServer.status(500));
        List<Optional<PublicKey>> found = new CopyOnWriteArrayList<>();

        for (int i = 0; i < 5; i++) {
            clock.advanceSeconds(i == 0 ? 601 : 30);
            found.add(rs256(KID_1));
        }

        List<String> warnings = log.messages(Level.WARNING);
        assertAll(
                () -> assertTrue(found.stream().allMatch(Optional.of(RSA)::equals), found.toString()),
                () -> assertEquals(6, server.fetches()),
                () -> assertEquals(5, source.fetchFailures()),
                () -> assertEquals(
                        List.of("JWKS endpoint " + server.uri() + " failed (http_status (status 500), expired);"
                                + " the last good keys keep verifying until 2026-03-02T12:10:00Z, then requests"
                                + " with a token get 503"),
                        warnings));
    }

    @Test
    void findWhenEndpointAnswersAgainThenOneInfoLineAndANewOutageWarnsAgain() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        server.respondWith(JwksServer.status(503));
        clock.advanceSeconds(601);
        rs256(KID_1);
        clock.advanceSeconds(30);
        rs256(KID_1);
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        clock.advanceSeconds(30);
        rs256(KID_1);
        server.respondWith(JwksServer.status(503));
        clock.advanceSeconds(601);
        rs256(KID_1);

        List<String> infos = log.messages(Level.INFO);
        assertAll(
                () -> assertEquals(
                        List.of("JWKS endpoint " + server.uri()
                                + " answers again after 2 failed fetches: 1 usable keys"),
                        infos),
                () -> assertEquals(2, log.messages(Level.WARNING).size(), "one WARN per outage"));
    }

    @Test
    void findWhenKeysExpiredLongerAgoThanTheStaleWindowThenKeySourceException() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched(settings().staleSeconds(3600));
        server.respondWith(JwksServer.status(500));
        clock.advanceSeconds(600 + 3600);
        Optional<PublicKey> atEndOfStaleWindow = rs256(KID_1);
        clock.advanceSeconds(31);

        KeySourceException e = assertThrows(KeySourceException.class, () -> rs256(KID_1));

        assertAll(
                () -> assertEquals(Optional.of(RSA), atEndOfStaleWindow),
                () -> assertEquals(
                        "the JWKS keys expired longer ago than the stale window and cannot be refreshed",
                        e.getMessage()));
    }

    @Test
    void findWhenNoKeyWasEverFetchedThenKeySourceExceptionUntilAFetchSucceeds() {
        server.respondWith(JwksServer.status(500));
        fetched();

        KeySourceException e = assertThrows(KeySourceException.class, () -> rs256(KID_1));
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        clock.advanceSeconds(30);

        assertAll(
                () -> assertEquals("no keys fetched from the JWKS endpoint yet", e.getMessage()),
                () -> assertEquals(Optional.of(RSA), rs256(KID_1)),
                () -> assertEquals(2, server.fetches()));
    }

    @Test
    void fetchWhenEndpointNeverReachableThenOneWarningSaysRequestsGet503() {
        server.respondWith(JwksServer.status(404));
        fetched();

        assertEquals(
                List.of("JWKS endpoint " + server.uri() + " failed (http_status (status 404), initial); no keys yet,"
                        + " so requests with a token get 503 until a fetch succeeds (retried at most every cooldown)"),
                log.messages(Level.WARNING));
    }

    // ---------------------------------------------------------------- background refresh

    @Test
    void refreshIsDueAtFourFifthsOfTheTtlAndFetchesWithoutARequest() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.rsa(KID_2, TestKeys.RSA_OTHER));

        Duration due = source.untilRefresh();
        clock.advanceSeconds(479);
        source.refreshIfDue();
        int beforeDue = server.fetches();
        clock.advanceSeconds(1);
        source.refreshIfDue();

        assertAll(
                () -> assertEquals(Duration.ofSeconds(480), due),
                () -> assertEquals(1, beforeDue),
                () -> assertEquals(2, server.fetches()),
                () -> assertEquals(Optional.of(RSA_OTHER), rs256(KID_2)),
                () -> assertEquals(0, source.unknownKidRefetches()));
    }

    @Test
    void refreshAfterAFailedFetchIsRetriedOneCooldownLater() {
        server.respondWith(JwksServer.status(500));
        fetched(settings().refetchCooldownSeconds(45));

        assertEquals(Duration.ofSeconds(45), source.untilRefresh());
    }

    @Test
    void startFetchesOnceAndRunsOneNamedDaemonThreadThatCloseStops() throws Exception {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        source = new JwksKeySource(settings().build(), clock, "test-jwks-refresh-thread", () -> {});

        source.start();
        List<Thread> running = threadsNamed("test-jwks-refresh-thread");
        source.close();
        Thread stopped = running.isEmpty() ? null : running.get(0);
        if (stopped != null) {
            stopped.join(5000);
        }

        assertAll(
                () -> assertEquals(1, server.fetches()),
                () -> assertEquals(Optional.of(RSA), rs256(KID_1)),
                () -> assertEquals(1, running.size(), "refresh threads while running"),
                () -> assertTrue(running.get(0).isDaemon(), "daemon"),
                () -> assertFalse(stopped.isAlive(), "still alive after close()"));
    }

    @Test
    void afterEachFetchHookRunsForSuccessfulAndFailedFetches() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA));
        fetched();
        server.respondWith(JwksServer.status(500));
        clock.advanceSeconds(601);
        rs256(KID_1);

        assertAll(
                () -> assertEquals(2, afterFetchCalls.get()),
                () -> assertEquals(2, source.fetches()),
                () -> assertEquals(1, source.fetchFailures()));
    }

    @Test
    void everyFetchIsLoggedAtDebugWithItsCauseAndWhatWasIgnored() {
        server.publish(Jwks.rsa(KID_1, TestKeys.RSA), Jwks.oct("shared", new byte[32]));

        fetched();

        assertEquals(
                List.of("JWKS fetched from " + server.uri() + " (initial): 1 usable keys, kept 600s; 1 entries"
                        + " ignored [entry 1: kty oct (a shared secret) is never used]"),
                log.messages(Level.FINE));
    }

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .collect(Collectors.toList());
    }
}
