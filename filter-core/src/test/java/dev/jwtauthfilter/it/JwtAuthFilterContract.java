package dev.jwtauthfilter.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWTCreator;
import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.JwtAuthMetrics;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.keys.KeySourceException;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.testsupport.Concurrently;
import dev.jwtauthfilter.testsupport.InMemoryKeySource;
import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.JwksServer;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.RecordingStoreProvider;
import dev.jwtauthfilter.testsupport.RecordingStoreProvider.RecordingStore;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter's request contract (issue 2) on a real container, over real HTTP. Each subclass names
 * a container; the scenarios are the same for all. One server per class serves eight applications:
 * the standard one configured by init-params as {@code web.xml} would, one with a login page, two
 * whose revocation store is down (one supplied by the builder, one by a context attribute), two
 * whose keys come from a {@code KeySource} that a {@code ServletContextListener} publishes (one
 * working, one whose source is down), and two whose keys come from a JWKS by the {@code jwksUri}
 * init-param (issue 4): one served by a real JWKS server on 127.0.0.1 that the test starts, one
 * pointing at a port where nothing listens.
 *
 * <p>Tokens are minted at the real current time; "expired" and "not yet valid" are an hour off, far
 * beyond the 30 s default leeway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JwtAuthFilterContract {
    private static final String KID = "it-kid-4f9c2a";
    private static final String OTHER_KID = "it-kid-other-81d3e7";
    private static final String KEYS_ATTRIBUTE = "com.example.signingKeys";
    private static final String PUBLIC_KEY_PARAM = "classpath:/keys/" + TestKeys.RSA + "-public.pem";
    private static final String CHALLENGE = "Bearer realm=\"/app\"";
    private static final String INVALID_TOKEN_CHALLENGE =
            CHALLENGE + ", error=\"invalid_token\", error_description=\"The access token is invalid\"";
    private static final String INVALID_REQUEST_CHALLENGE =
            CHALLENGE + ", error=\"invalid_request\", error_description=\"The request is malformed\"";
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String FOREIGN_ORIGIN = "https://evil.example";
    private static final String PROTECTED = "/api/orders";
    private static final String JWKS_RSA_KID = "jwks-rsa-5e0b";
    private static final String JWKS_EC_KID = "jwks-ec-93d1";
    private static final String JWKS_RS384_KID = "jwks-rs384-c7aa";
    private static final String JWKS_OCT_KID = "jwks-oct-1f42";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Deployment app = Deployment.byInitParams("/app", standardParams());
    private final Deployment loginApp =
            Deployment.byInitParams("/login-app", standardParamsWith("loginPage", "/login"));
    private final Deployment storeDownByBuilder = Deployment.byInstance(
            "/store-down",
            new JwtAuthFilter(JwtAuthConfig.builder()
                    .issuer(TestTokens.ISSUER)
                    .audience(TestTokens.AUDIENCE)
                    .algorithms("RS256")
                    .publicKey(TestKeys.publicKey(TestKeys.RSA))
                    .revocationStore(new UnavailableRevocationStore())
                    .build()));
    private final Deployment storeDownByAttribute = Deployment.byInitParams("/store-down-attr", standardParams())
            .withContextAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, new UnavailableRevocationStore());
    private final Deployment storeByParam =
            Deployment.byInitParams("/store-param", standardParamsWith("revocationStore", RecordingStoreProvider.NAME));
    private final FlakyRevocationStore flakyStore = new FlakyRevocationStore();
    private final Deployment storeFlaky = Deployment.byInitParams("/store-flaky", standardParams())
            .withContextAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, flakyStore);
    private final Deployment keysApp = Deployment.byInitParams("/keys", keySourceParams())
            .withListener(new KeySourcePublisher(
                    new InMemoryKeySource().put(KID, TestKeys.RSA).put(OTHER_KID, TestKeys.RSA_OTHER)));
    private final Deployment keysDown = Deployment.byInitParams("/keys-down", keySourceParams())
            .withListener(new KeySourcePublisher((kid, alg) -> {
                throw new KeySourceException("key server unreachable", new IOException("connection refused"));
            }));
    private final JwksServer jwksServer = JwksServer.start()
            .publish(
                    Jwks.rsa(JWKS_RSA_KID, TestKeys.RSA),
                    Jwks.ec(JWKS_EC_KID, TestKeys.EC_P256),
                    Jwks.with(Jwks.rsa(JWKS_RS384_KID, TestKeys.RSA_OTHER), "alg", "RS384"),
                    Jwks.oct(JWKS_OCT_KID, TestKeys.hmacSecret()));
    private final Deployment jwksApp =
            Deployment.byInitParams("/jwks", jwksParams(jwksServer.uri().toString()));
    private final Deployment jwksDown =
            Deployment.byInitParams("/jwks-down", jwksParams("http://127.0.0.1:" + closedPort() + "/jwks.json"));

    private ContainerHarness container;

    /** A new, not yet started container of the kind under test. */
    abstract ContainerHarness newContainer();

    /**
     * Asserts how the container refuses an application whose filter failed {@code init()}: it must
     * never serve it. Containers differ in how (the whole server fails to start, or only the
     * application is left out), so each subclass states its own.
     *
     * @param container the container after its start was attempted
     * @param bad the application, configured with {@code badParam}
     * @param startFailure what {@link ContainerHarness#start} threw, or null if it returned
     * @param badParam the init-param the filter's error message must name
     */
    abstract void assertFailedDeploymentIsNotServed(
            ContainerHarness container, Deployment bad, Exception startFailure, String badParam) throws Exception;

    @BeforeAll
    void startContainer() throws Exception {
        container = newContainer();
        container.start(List.of(
                app,
                loginApp,
                storeDownByBuilder,
                storeDownByAttribute,
                storeByParam,
                storeFlaky,
                keysApp,
                keysDown,
                jwksApp,
                jwksDown));
    }

    @AfterAll
    void stopContainer() throws Exception {
        try {
            if (container != null) {
                container.stop();
            }
        } finally {
            jwksServer.close();
        }
    }

    // --- tokens that pass -------------------------------------------------------------------

    @Test
    void acceptsValidTokenFromAuthorizationHeader() throws Exception {
        Exchange e = send(app, get(PROTECTED).header("Authorization", "Bearer " + validToken()));

        assertAll(
                () -> assertEquals(200, e.status()),
                () -> assertTrue(e.servletRan()),
                () -> assertEquals("alice", e.seen().get("remoteUser")),
                () -> assertEquals("true", e.seen().get("role.user")));
    }

    @Test
    void acceptsValidTokenFromAccessTokenCookie() throws Exception {
        Exchange e = send(app, get(PROTECTED).header("Cookie", "access_token=" + validToken()));

        assertAll(
                () -> assertEquals(200, e.status()),
                () -> assertTrue(e.servletRan()),
                () -> assertEquals("alice", e.seen().get("remoteUser")));
    }

    @Test
    void downstreamSeesPrincipalRolesAuthTypeAndClaims() throws Exception {
        String token = claims().withArrayClaim("roles", new String[] {"user", "editor"})
                .sign(TestTokens.rs256());

        Exchange e = send(app, get(PROTECTED).header("Authorization", "Bearer " + token));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("remoteUser", "alice");
        expected.put("principalClass", "dev.jwtauthfilter.principal.JwtPrincipal");
        expected.put("principalName", "alice");
        expected.put("authType", "JWT");
        expected.put("role.user", "true");
        expected.put("role.editor", "true");
        expected.put("role.admin", "false");
        expected.put("claims", "aud,exp,iat,iss,jti,roles,sub");
        assertEquals(expected, e.seen());
    }

    @Test
    void wellFormedHandMadeTokenIsAccepted() throws Exception {
        // Baseline for the hand-made tokens below: each differs from this one only by its defect.
        String token = rawRs256(header("RS256"), payload("\"exp\":" + inOneHour()));

        Exchange e = send(app, get(PROTECTED).header("Authorization", "Bearer " + token));

        assertAll(() -> assertEquals(200, e.status()), () -> assertTrue(e.servletRan()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public/x", "/public", "/app.css", "/public/deep/style.css", "/login"})
    void excludedPathIsServedWithoutToken(String path) throws Exception {
        Exchange e = send(app, get(path));

        assertAll(
                () -> assertEquals(200, e.status()),
                () -> assertTrue(e.servletRan()),
                () -> assertEquals("null", e.seen().get("remoteUser")),
                () -> assertEquals(null, e.header("WWW-Authenticate")));
    }

    // --- no token ---------------------------------------------------------------------------

    @Test
    void requestWithoutTokenGets401ChallengeWithoutErrorCode() throws Exception {
        assertNoTokenChallenge(send(app, get(PROTECTED)));
    }

    @Test
    void basicAuthorizationCountsAsNoToken() throws Exception {
        String basic = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

        assertNoTokenChallenge(send(app, get(PROTECTED).header("Authorization", "Basic " + basic)));
    }

    @Test
    void tokenInQueryStringIsIgnored() throws Exception {
        Exchange e = send(app, get(PROTECTED + "?access_token=" + validToken()));

        assertNoTokenChallenge(e);
    }

    // --- tokens that fail verification ------------------------------------------------------

    @Test
    void rejectsExpiredToken() throws Exception {
        Instant now = Instant.now();
        String token = claims().withIssuedAt(now.minus(Duration.ofHours(2)))
                .withExpiresAt(now.minus(Duration.ofHours(1)))
                .sign(TestTokens.rs256());

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenNotValidYet() throws Exception {
        String token =
                claims().withNotBefore(Instant.now().plus(Duration.ofHours(1))).sign(TestTokens.rs256());

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenFromAnotherIssuer() throws Exception {
        String token = claims().withIssuer("https://evil.example").sign(TestTokens.rs256());

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenForAnotherAudience() throws Exception {
        String token = claims().withAudience("other-api").sign(TestTokens.rs256());

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenSignedWithAlgorithmOutsideAllowList() throws Exception {
        String token = claims().sign(TestTokens.es256());

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenSignedByAnotherRsaKey() throws Exception {
        String token = claims().sign(TestTokens.rs256Other());

        assertInvalidToken(sendBearer(token), token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "nOnE", "None", "NONE"})
    void rejectsUnsecuredToken(String alg) throws Exception {
        String token = TestTokens.signingInput(header(alg), payload("\"exp\":" + inOneHour())) + ".";

        assertInvalidToken(sendBearer(token), token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "nOnE"})
    void rejectsUnsecuredTokenCarryingAValidSignature(String alg) throws Exception {
        String token = rawRs256(header(alg), payload("\"exp\":" + inOneHour()));

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenWhosePayloadWasTampered() throws Exception {
        String[] parts = validToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"sub\":\"alice\"", "\"sub\":\"admin\"");
        String token = parts[0] + "." + TestTokens.b64(forged) + "." + parts[2];

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsHs256TokenKeyedWithThePublicKeyPem() throws Exception {
        byte[] publicPem =
                TestKeys.resourceText("/keys/" + TestKeys.RSA + "-public.pem").getBytes(StandardCharsets.US_ASCII);
        String token = TestTokens.rawHs256(header("HS256"), payload("\"exp\":" + inOneHour()), publicPem);

        assertInvalidToken(sendBearer(token), token);
    }

    /** Dates java-jwt cannot turn into an Instant, or that are absurd: 401, never a 500. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"exp\":9223372036854775807",
                "\"exp\":31556889864403200",
                "\"exp\":-31556889864403200",
                "\"exp\":-1",
                "\"exp\":1e400",
                "\"exp\":\"tomorrow\"",
                "\"exp\":4102444800,\"nbf\":9223372036854775807"
            })
    void rejectsOutOfRangeNegativeOrNonNumericDateWith401(String dateMembers) throws Exception {
        String token = rawRs256(header("RS256"), payload(dateMembers));

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenWithCritHeader() throws Exception {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\",\"crit\":[\"exp\"]}";
        String token = rawRs256(header, payload("\"exp\":" + inOneHour()));

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsTokenWithNullExpiry() throws Exception {
        String token = rawRs256(header("RS256"), payload("\"exp\":null"));

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void rejectsValidlySignedTokenOverMaximumLength() throws Exception {
        String token = claims().withClaim("pad", "x".repeat(6280)).sign(TestTokens.rs256());
        assertTrue(token.length() >= 9000 && token.length() < 9100, "token length " + token.length());

        assertInvalidToken(sendBearer(token), token);
    }

    // --- more than one token, empty token ---------------------------------------------------

    @Test
    void twoAuthorizationHeadersAreAnInvalidRequest() throws Exception {
        String first = validToken();
        String second = validToken();

        Exchange e = send(
                app,
                get(PROTECTED).header("Authorization", "Bearer " + first).header("Authorization", "Bearer " + second));

        assertInvalidRequest(e, first, second);
    }

    @Test
    void tokenInHeaderAndCookieIsAnInvalidRequest() throws Exception {
        String token = validToken();

        Exchange e = send(
                app,
                get(PROTECTED).header("Authorization", "Bearer " + token).header("Cookie", "access_token=" + token));

        assertInvalidRequest(e, token);
    }

    @Test
    void twoTokenCookiesAreAnInvalidRequest() throws Exception {
        String first = validToken();
        String second = validToken();

        Exchange e = send(app, get(PROTECTED).header("Cookie", "access_token=" + first + "; access_token=" + second));

        assertInvalidRequest(e, first, second);
    }

    @Test
    void emptyBearerTokenIsAnInvalidRequest() throws Exception {
        assertInvalidRequest(send(app, get(PROTECTED).header("Authorization", "Bearer ")));
    }

    // --- revocation -------------------------------------------------------------------------

    @Test
    void tokenRevokedThroughContextAttributeStoreIsRejected() throws Exception {
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        String jti = "revoke-me-" + System.nanoTime();
        String token = claims().withJWTId(jti).withExpiresAt(expiresAt).sign(TestTokens.rs256());
        assertEquals(200, sendBearer(token).status(), "accepted before revocation");

        RevocationStore store = (RevocationStore)
                container.contextAttribute(app.contextPath(), JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
        store.revoke(TestTokens.ISSUER, jti, expiresAt);

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void tokenAnsweredFromTheVerifiedTokenCacheIsStillRefusedOnceRevoked() throws Exception {
        String jti = "cached-" + System.nanoTime();
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        String token = claims().withJWTId(jti).withExpiresAt(expiresAt).sign(TestTokens.rs256());
        JwtAuthMetrics metrics =
                (JwtAuthMetrics) container.contextAttribute(app.contextPath(), JwtAuthFilter.METRICS_ATTRIBUTE);
        long hitsBefore = metrics.snapshot().verifiedTokenCacheHits();
        assertEquals(200, sendBearer(token).status(), "first request");
        assertEquals(200, sendBearer(token).status(), "second request");
        assertEquals(hitsBefore + 1, metrics.snapshot().verifiedTokenCacheHits(), "the second was a cache hit");

        ((RevocationStore) container.contextAttribute(app.contextPath(), JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE))
                .revoke(TestTokens.ISSUER, jti, expiresAt);

        assertInvalidToken(sendBearer(token), token);
    }

    @Test
    void subjectCutoffRejectsTokensIssuedBeforeItOnly() throws Exception {
        Instant now = Instant.now();
        String older = claims().withSubject("carol")
                .withIssuedAt(now.minus(Duration.ofMinutes(5)))
                .sign(TestTokens.rs256());
        String newer = claims().withSubject("carol").withIssuedAt(now).sign(TestTokens.rs256());
        RevocationStore store = (RevocationStore)
                container.contextAttribute(app.contextPath(), JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);

        store.revokeIssuedBefore(TestTokens.ISSUER, "carol", now.minus(Duration.ofMinutes(1)));

        assertInvalidToken(sendBearer(older), older);
        Exchange e = sendBearer(newer);
        assertAll(
                () -> assertEquals(200, e.status()),
                () -> assertEquals("carol", e.seen().get("remoteUser")));
    }

    @Test
    void filterPublishesItsStoreAsContextAttribute() {
        Object store = container.contextAttribute(app.contextPath(), JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);

        assertInstanceOf(InMemoryRevocationStore.class, store);
    }

    @Test
    void storeDownGives503WithRetryAfterWhenStoreComesFromBuilder() throws Exception {
        assertUnavailable(storeDownByBuilder);
    }

    @Test
    void storeDownGives503WithRetryAfterWhenStoreComesFromContextAttribute() throws Exception {
        assertUnavailable(storeDownByAttribute);
    }

    @Test
    void storeNamedByRevocationStoreInitParamIsCreatedPublishedAndAsked() throws Exception {
        Object store = container.contextAttribute(storeByParam.contextPath(), JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
        String jti = UUID.randomUUID().toString();
        String token = claims().withJWTId(jti).sign(TestTokens.rs256());

        RecordingStore recording = assertInstanceOf(RecordingStore.class, store);
        recording.revoke(TestTokens.ISSUER, jti, Instant.now().plusSeconds(600));
        Exchange e = send(storeByParam, to(storeByParam, PROTECTED).GET().header("Authorization", "Bearer " + token));

        assertEquals(401, e.status());
    }

    @Test
    void storeCreatedFromInitParamsIsClosedWhenTheApplicationStops() throws Exception {
        Deployment d = Deployment.byInitParams(
                "/store-closed", standardParamsWith("revocationStore", RecordingStoreProvider.NAME));
        ContainerHarness other = newContainer();
        RecordingStore store;
        try {
            other.start(List.of(d));
            store = (RecordingStore) other.contextAttribute(d.contextPath(), JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
            assertFalse(store.closed, "closed while the application runs");
        } finally {
            other.stop();
        }

        assertTrue(store.closed, "left open after the application stopped");
    }

    @Test
    void storeOutageLogsOneWarnHoweverManyRequestsItRefusesAndOneInfoWhenOver() throws Exception {
        String token = validToken();
        try (LogCapture log = LogCapture.start()) {
            flakyStore.down = true;
            for (int i = 0; i < 5; i++) {
                assertEquals(
                        503,
                        send(storeFlaky, to(storeFlaky, PROTECTED).GET().header("Authorization", "Bearer " + token))
                                .status());
            }
            flakyStore.down = false;
            assertEquals(
                    200,
                    send(storeFlaky, to(storeFlaky, PROTECTED).GET().header("Authorization", "Bearer " + token))
                            .status());
            assertEquals(
                    200,
                    send(storeFlaky, to(storeFlaky, PROTECTED).GET().header("Authorization", "Bearer " + token))
                            .status());

            assertAll(
                    () -> assertEquals(
                            1,
                            log.messages(Level.WARNING).stream()
                                    .filter(m -> m.startsWith("Revocation store unavailable"))
                                    .count(),
                            "WARN lines: " + log.messages(Level.WARNING)),
                    () -> assertEquals(
                            List.of("Revocation store answers again"),
                            log.messages(Level.INFO).stream()
                                    .filter(m -> m.startsWith("Revocation store"))
                                    .toList()));
        } finally {
            flakyStore.down = false;
        }
    }

    // --- keys from a KeySource (keySource init-param) -------------------------------------

    @Test
    void keySourceFromContextListenerVerifiesTokensSignedByEitherKeyChosenByKid() throws Exception {
        String first = claims().sign(TestTokens.rs256());
        String second = claims().withKeyId(OTHER_KID).withSubject("bob").sign(TestTokens.rs256Other());

        Exchange e1 = send(keysApp, to(keysApp, PROTECTED).GET().header("Authorization", "Bearer " + first));
        Exchange e2 = send(keysApp, to(keysApp, PROTECTED).GET().header("Authorization", "Bearer " + second));

        assertAll(
                () -> assertEquals(200, e1.status()),
                () -> assertEquals("alice", e1.seen().get("remoteUser")),
                () -> assertEquals(200, e2.status()),
                () -> assertEquals("bob", e2.seen().get("remoteUser")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown kid", "kid of the other key", "no kid"})
    void keySourceRefusesTokenWhoseKidDoesNotNameItsSigningKey(String shape) throws Exception {
        JWTCreator.Builder claims = TestTokens.valid(Instant.now());
        if (shape.equals("unknown kid")) {
            claims.withKeyId("retired-2025");
        } else if (shape.equals("kid of the other key")) {
            claims.withKeyId(OTHER_KID);
        }
        String token = claims.sign(TestTokens.rs256());

        Exchange e = send(keysApp, to(keysApp, PROTECTED).GET().header("Authorization", "Bearer " + token));

        assertInvalidToken(e, token, "/keys");
    }

    @Test
    void keySourceDownGives503WithRetryAfterAndServletNotCalled() throws Exception {
        assertUnavailable(keysDown);
    }

    // --- keys from a JWKS (jwksUri init-param) -------------------------------------------

    private Exchange sendToJwksApp(String token) throws IOException, InterruptedException {
        return send(jwksApp, to(jwksApp, PROTECTED).GET().header("Authorization", "Bearer " + token));
    }

    @Test
    void jwksUriVerifiesTokensSignedByEitherPublishedKeyChosenByKid() throws Exception {
        Instant now = Instant.now();
        String rsa = TestTokens.valid(now).withKeyId(JWKS_RSA_KID).sign(TestTokens.rs256());
        String ec =
                TestTokens.valid(now).withKeyId(JWKS_EC_KID).withSubject("bob").sign(TestTokens.es256());

        Exchange e1 = sendToJwksApp(rsa);
        Exchange e2 = sendToJwksApp(ec);

        assertAll(
                () -> assertEquals(200, e1.status()),
                () -> assertEquals("alice", e1.seen().get("remoteUser")),
                () -> assertEquals(200, e2.status()),
                () -> assertEquals("bob", e2.seen().get("remoteUser")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown kid", "JWK alg RS384, token RS256", "kid of an oct key", "HS256 with an RSA kid"})
    void jwksUriRefusesTokenWhoseKidNamesNoUsableKeyForItsAlg(String shape) throws Exception {
        Instant now = Instant.now();
        String token;
        if (shape.equals("unknown kid")) {
            token = TestTokens.valid(now)
                    .withKeyId("retired-" + UUID.randomUUID())
                    .sign(TestTokens.rs256());
        } else if (shape.startsWith("JWK alg")) {
            token = TestTokens.valid(now).withKeyId(JWKS_RS384_KID).sign(TestTokens.rs256Other());
        } else if (shape.startsWith("kid of an oct")) {
            token = TestTokens.valid(now).withKeyId(JWKS_OCT_KID).sign(TestTokens.hs256());
        } else {
            token = TestTokens.valid(now).withKeyId(JWKS_RSA_KID).sign(TestTokens.hs256());
        }

        Exchange e = sendToJwksApp(token);

        assertInvalidToken(e, token, "/jwks");
    }

    @Test
    void jwksBurstOf200UnknownKidsCausesAtMostOneFetchWhileValidTokensPass() throws Exception {
        String valid = TestTokens.valid(Instant.now()).withKeyId(JWKS_RSA_KID).sign(TestTokens.rs256());
        List<String> wrong = new CopyOnWriteArrayList<>();
        int fetchesBefore = jwksServer.fetches();

        Concurrently.run(20, Duration.ofSeconds(60), thread -> {
            for (int i = 0; i < 10; i++) {
                String forged = TestTokens.valid(Instant.now())
                        .withKeyId("forged-" + UUID.randomUUID())
                        .sign(TestTokens.rs256());
                int forgedStatus = sendToJwksApp(forged).status();
                int validStatus = sendToJwksApp(valid).status();
                if (forgedStatus != 401 || validStatus != 200) {
                    wrong.add("forged " + forgedStatus + ", valid " + validStatus);
                }
            }
        });

        int fetchesDuringBurst = jwksServer.fetches() - fetchesBefore;
        assertAll(
                () -> assertEquals(List.of(), wrong),
                () -> assertTrue(fetchesDuringBurst <= 1, fetchesDuringBurst + " fetches in one cooldown"));
    }

    @Test
    void jwksEndpointNeverReachableGives503WithRetryAfterAndServletNotCalled() throws Exception {
        assertUnavailable(jwksDown);
    }

    @Test
    void jwksFilterPublishesItsCountersAsContextAttribute() throws Exception {
        sendToJwksApp(TestTokens.valid(Instant.now()).withKeyId(JWKS_RSA_KID).sign(TestTokens.rs256()));

        JwtAuthMetrics metrics = assertInstanceOf(
                JwtAuthMetrics.class,
                container.contextAttribute(jwksApp.contextPath(), JwtAuthFilter.METRICS_ATTRIBUTE));

        JwtAuthMetrics.Snapshot s = metrics.snapshot();
        assertAll(
                () -> assertTrue(s.tokensAccepted() >= 1, "accepted " + s.tokensAccepted()),
                () -> assertTrue(s.jwksFetches() >= 1, "fetches " + s.jwksFetches()),
                () -> assertEquals(0, s.jwksFetchFailures()));
    }

    // --- CSRF -------------------------------------------------------------------------------

    @Test
    void cookiePostFromForeignOriginIsRefusedWith403() throws Exception {
        String token = validToken();

        Exchange e = send(app, cookiePost(token).header("Origin", FOREIGN_ORIGIN));

        assertCrossOriginRefused(e, token);
    }

    @Test
    void cookiePostWithoutOriginOrRefererIsRefusedWith403() throws Exception {
        String token = validToken();

        assertCrossOriginRefused(send(app, cookiePost(token)), token);
    }

    @Test
    void cookiePostFromOwnOriginIsAccepted() throws Exception {
        Exchange e = send(
                app,
                cookiePost(validToken()).header("Origin", container.origin().toString()));

        assertAll(
                () -> assertEquals(200, e.status()),
                () -> assertTrue(e.servletRan()),
                () -> assertEquals("alice", e.seen().get("remoteUser")));
    }

    @Test
    void cookiePostWithOwnRefererAndNoOriginIsAccepted() throws Exception {
        String referer = container.origin() + "/app/orders/new";

        Exchange e = send(app, cookiePost(validToken()).header("Referer", referer));

        assertAll(() -> assertEquals(200, e.status()), () -> assertTrue(e.servletRan()));
    }

    @Test
    void bearerPostFromForeignOriginIsAccepted() throws Exception {
        Exchange e = send(
                app,
                to(app, PROTECTED)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Authorization", "Bearer " + validToken())
                        .header("Origin", FOREIGN_ORIGIN));

        assertAll(() -> assertEquals(200, e.status()), () -> assertTrue(e.servletRan()));
    }

    // --- login page -------------------------------------------------------------------------

    @Test
    void browserNavigationWithoutTokenIsRedirectedToLoginPage() throws Exception {
        Exchange e = send(loginApp, to(loginApp, PROTECTED).GET().header("Accept", BROWSER_ACCEPT));

        assertAll(
                () -> assertEquals(302, e.status()),
                () -> assertEquals("/login-app/login", e.header("Location")),
                () -> assertFalse(e.servletRan()));
    }

    @Test
    void browserNavigationWithInvalidTokenIsRedirectedToLoginPage() throws Exception {
        String token = claims().withAudience("other-api").sign(TestTokens.rs256());

        Exchange e = send(
                loginApp,
                to(loginApp, PROTECTED)
                        .GET()
                        .header("Accept", BROWSER_ACCEPT)
                        .header("Cookie", "access_token=" + token));

        assertAll(
                () -> assertEquals(302, e.status()),
                () -> assertEquals("/login-app/login", e.header("Location")),
                () -> assertFalse(e.servletRan()),
                () -> assertLeaksNothing(e, token));
    }

    @Test
    void apiCallWithoutTokenGets401DespiteLoginPage() throws Exception {
        Exchange e = send(loginApp, to(loginApp, PROTECTED).GET().header("Accept", "application/json"));

        assertAll(
                () -> assertEquals(401, e.status()),
                () -> assertEquals("Bearer realm=\"/login-app\"", e.header("WWW-Authenticate")),
                () -> assertEquals(null, e.header("Location")),
                () -> assertFalse(e.servletRan()));
    }

    @Test
    void loginPageItselfIsServedWithoutToken() throws Exception {
        Exchange e = send(loginApp, to(loginApp, "/login").GET().header("Accept", BROWSER_ACCEPT));

        assertAll(() -> assertEquals(200, e.status()), () -> assertTrue(e.servletRan()));
    }

    // --- bad configuration ------------------------------------------------------------------

    static Stream<Arguments> badInitParams() {
        return Stream.of(
                Arguments.of("leewaySeconds", "999"),
                Arguments.of("leeway", "30"),
                Arguments.of("revocationStore", "no-such-store"),
                Arguments.of("revocationStore.url", "redis://127.0.0.1:6379"));
    }

    @ParameterizedTest
    @MethodSource("badInitParams")
    void applicationWhoseFilterCannotStartIsNotServed(String name, String value) throws Exception {
        Deployment bad = Deployment.byInitParams("/bad", standardParamsWith(name, value));
        ContainerHarness other = newContainer();
        try {
            Exception startFailure = null;
            try {
                other.start(List.of(bad));
            } catch (Exception e) {
                startFailure = e;
            }

            assertFailedDeploymentIsNotServed(other, bad, startFailure, name);
            assertEquals(0, bad.servlet().calls(), "the servlet behind the failed filter ran");
        } finally {
            other.stop();
        }
    }

    // --- concurrency ------------------------------------------------------------------------

    @Test
    void concurrentRequestsThroughOneFilterEachGetTheirOwnOutcome() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String user : List.of("u0", "u1", "u2", "u3")) {
            String token = claims().withSubject(user).sign(TestTokens.rs256());
            cases.add(new Case("Bearer " + token, 200, null, user));
        }
        Instant now = Instant.now();
        String expired = claims().withIssuedAt(now.minus(Duration.ofHours(2)))
                .withExpiresAt(now.minus(Duration.ofHours(1)))
                .sign(TestTokens.rs256());
        cases.add(new Case("Bearer " + expired, 401, INVALID_TOKEN_CHALLENGE, null));
        cases.add(new Case("Bearer " + claims().sign(TestTokens.rs256Other()), 401, INVALID_TOKEN_CHALLENGE, null));
        cases.add(new Case(null, 401, CHALLENGE, null));
        cases.add(new Case("Bearer ", 400, INVALID_REQUEST_CHALLENGE, null));
        int threads = 16;
        int requestsPerThread = 50;
        int callsBefore = app.servlet().calls();
        AtomicInteger sentValid = new AtomicInteger();
        CyclicBarrier startTogether = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<String>> worker = () -> {
                    startTogether.await(10, TimeUnit.SECONDS);
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < requestsPerThread; i++) {
                        Case c = cases.get((thread + i) % cases.size());
                        sentValid.addAndGet(c.status() == 200 ? 1 : 0);
                        HttpRequest.Builder request = get(PROTECTED);
                        if (c.authorization() != null) {
                            request.header("Authorization", c.authorization());
                        }
                        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        String outcome = r.statusCode() + " "
                                + r.headers().firstValue("WWW-Authenticate").orElse(null) + " " + remoteUser(r);
                        String expected = c.status() + " " + c.challenge() + " " + c.user();
                        if (!outcome.equals(expected)) {
                            wrong.add("expected " + expected + " but got " + outcome);
                        }
                    }
                    return wrong;
                };
                results.add(pool.submit(worker));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> result : results) {
                wrong.addAll(result.get(60, TimeUnit.SECONDS));
            }

            assertEquals(List.of(), wrong);
            assertEquals(sentValid.get(), app.servlet().calls() - callsBefore, "servlet calls");
        } finally {
            pool.shutdownNow();
        }
    }

    private record Case(String authorization, int status, String challenge, String user) {}

    private static String remoteUser(HttpResponse<String> r) {
        return r.statusCode() == 200 ? parse(r.body()).get("remoteUser") : null;
    }

    // --- assertions -------------------------------------------------------------------------

    private static void assertInvalidToken(Exchange e, String token) {
        assertInvalidToken(e, token, "/app");
    }

    /** 401 with the invalid_token challenge of the application at this realm (its context path). */
    private static void assertInvalidToken(Exchange e, String token, String realm) {
        assertAll(
                () -> assertEquals(401, e.status(), "status"),
                () -> assertEquals(
                        "Bearer realm=\"" + realm + "\", error=\"invalid_token\", error_description=\"The access"
                                + " token is invalid\"",
                        e.header("WWW-Authenticate")),
                () -> assertFalse(e.servletRan(), "the servlet ran"),
                () -> assertLeaksNothing(e, token));
    }

    private static void assertNoTokenChallenge(Exchange e) {
        assertAll(
                () -> assertEquals(401, e.status(), "status"),
                () -> assertEquals(CHALLENGE, e.header("WWW-Authenticate")),
                () -> assertFalse(e.servletRan(), "the servlet ran"),
                () -> assertLeaksNothing(e, null));
    }

    private static void assertInvalidRequest(Exchange e, String... tokens) {
        List<Executable> checks = new ArrayList<>(List.of(
                () -> assertEquals(400, e.status(), "status"),
                () -> assertEquals(INVALID_REQUEST_CHALLENGE, e.header("WWW-Authenticate")),
                () -> assertFalse(e.servletRan(), "the servlet ran"),
                () -> assertLeaksNothing(e, null)));
        for (String token : tokens) {
            checks.add(() -> assertLeaksNothing(e, token));
        }
        assertAll(checks);
    }

    private static void assertCrossOriginRefused(Exchange e, String token) {
        assertAll(
                () -> assertEquals(403, e.status(), "status"),
                () -> assertEquals(null, e.header("WWW-Authenticate")),
                () -> assertFalse(e.response().headers().map().toString().contains("invalid_token")),
                () -> assertFalse(e.servletRan(), "the servlet ran"),
                () -> assertLeaksNothing(e, token));
    }

    /** A valid token, and the filter fails closed: its store or key source is down. */
    private void assertUnavailable(Deployment d) throws Exception {
        String token = validToken();

        Exchange e = send(d, to(d, PROTECTED).GET().header("Authorization", "Bearer " + token));

        assertAll(
                () -> assertEquals(503, e.status(), "status"),
                () -> assertEquals("5", e.header("Retry-After")),
                () -> assertEquals(null, e.header("WWW-Authenticate")),
                () -> assertFalse(e.servletRan(), "the servlet ran"),
                () -> assertLeaksNothing(e, token));
    }

    /**
     * Nothing of the token, its claims, the key id or the implementation may reach the client: not
     * in the body, not in a header.
     */
    private static void assertLeaksNothing(Exchange e, String token) {
        List<String> forbidden = new ArrayList<>(List.of(
                KID, "Exception", "exception", "com.auth0", "dev.jwtauthfilter", "java.", "\tat ", "Caused by"));
        if (token != null) {
            forbidden.add(token);
            for (String segment : token.split("\\.")) {
                if (segment.length() >= 8) {
                    forbidden.add(segment);
                }
            }
            forbidden.addAll(stringClaimValues(token));
        }
        String visible = e.response().body() + "\n" + e.response().headers().map();
        for (String secret : forbidden) {
            assertFalse(visible.contains(secret), () -> "the response shows '" + secret + "':\n" + visible);
        }
    }

    private static final Pattern STRING_MEMBER = Pattern.compile(":\\s*\"([^\"]+)\"");

    private static List<String> stringClaimValues(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        try {
            Matcher m =
                    STRING_MEMBER.matcher(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            while (m.find()) {
                values.add(m.group(1));
            }
        } catch (IllegalArgumentException notBase64) {
            // nothing decodable, so nothing to look for beyond the raw text
        }
        return values;
    }

    // --- HTTP -------------------------------------------------------------------------------

    /** A response, and whether the application's servlet ran while it was produced. */
    record Exchange(HttpResponse<String> response, boolean servletRan) {
        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        Map<String, String> seen() {
            assertEquals(200, status(), "the servlet's answer was expected");
            return parse(response.body());
        }
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return seen;
    }

    private HttpRequest.Builder to(Deployment d, String path) {
        return toContainer(container, d, path);
    }

    private static HttpRequest.Builder toContainer(ContainerHarness c, Deployment d, String path) {
        return HttpRequest.newBuilder(URI.create(c.origin() + d.contextPath() + path))
                .timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.Builder get(String path) {
        return to(app, path).GET();
    }

    private HttpRequest.Builder cookiePost(String token) {
        return to(app, PROTECTED)
                .POST(HttpRequest.BodyPublishers.ofString("item=42"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "access_token=" + token);
    }

    private Exchange sendBearer(String token) throws IOException, InterruptedException {
        return send(app, get(PROTECTED).header("Authorization", "Bearer " + token));
    }

    private Exchange send(Deployment d, HttpRequest.Builder request) throws IOException, InterruptedException {
        int before = d.servlet().calls();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Exchange(response, d.servlet().calls() != before);
    }

    /** A request with a valid token to an application on another container. */
    Exchange probe(ContainerHarness c, Deployment d) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                toContainer(c, d, PROTECTED).GET().header("Authorization", "Bearer " + validToken());
        int before = d.servlet().calls();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Exchange(response, d.servlet().calls() != before);
    }

    // --- tokens and configuration -----------------------------------------------------------

    /** The standard valid claims (sub alice, roles [user], jti, iat now, exp in 10 min) plus a key id. */
    private static JWTCreator.Builder claims() {
        return TestTokens.valid(Instant.now()).withKeyId(KID);
    }

    private static String validToken() {
        return claims().sign(TestTokens.rs256());
    }

    private static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
    }

    private static String payload(String extraMembers) {
        return TestTokens.payloadJson(Instant.now(), extraMembers);
    }

    private static long inOneHour() {
        return Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
    }

    private static String rawRs256(String header, String payload) {
        return TestTokens.rawRs256(header, payload);
    }

    private static Map<String, String> standardParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("issuer", TestTokens.ISSUER);
        params.put("audience", TestTokens.AUDIENCE);
        params.put("algorithms", "RS256");
        params.put("publicKey", PUBLIC_KEY_PARAM);
        params.put("excludePaths", "/public/*,*.css,/login");
        return params;
    }

    /** The standard parameters with keys from the KeySource in {@link #KEYS_ATTRIBUTE}, not a file. */
    private static Map<String, String> keySourceParams() {
        Map<String, String> params = standardParams();
        params.remove("publicKey");
        params.put("keySource", KEYS_ATTRIBUTE);
        return params;
    }

    /** The standard parameters with keys from the JWKS at this URL, RS256 and ES256 allowed. */
    private static Map<String, String> jwksParams(String jwksUri) {
        Map<String, String> params = standardParams();
        params.remove("publicKey");
        params.put("algorithms", "RS256,ES256");
        params.put("jwksUri", jwksUri);
        params.put("jwksConnectTimeoutMillis", "500");
        params.put("jwksReadTimeoutMillis", "1000");
        return params;
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> standardParamsWith(String name, String value) {
        Map<String, String> params = standardParams();
        params.put(name, value);
        return params;
    }

    /**
     * What an application does to hand the filter its keys from {@code web.xml}: publish the key
     * source in a context attribute from a listener, which the container starts before filters.
     */
    private static final class KeySourcePublisher implements ServletContextListener {
        private final KeySource source;

        KeySourcePublisher(KeySource source) {
            this.source = source;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            event.getServletContext().setAttribute(KEYS_ATTRIBUTE, source);
        }
    }

    /** An in-memory store whose server can be switched off, as a remote store's would. */
    private static final class FlakyRevocationStore implements RevocationStore {
        private final InMemoryRevocationStore delegate = new InMemoryRevocationStore();
        volatile boolean down;

        @Override
        public boolean isRevoked(TokenIdentity token) {
            if (down) {
                throw new RevocationStoreException("store unreachable", new IOException("connection refused"));
            }
            return delegate.isRevoked(token);
        }

        @Override
        public void revoke(String issuer, String jwtId, Instant expiresAt) {
            delegate.revoke(issuer, jwtId, expiresAt);
        }

        @Override
        public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
            delegate.revokeIssuedBefore(issuer, subject, issuedBefore);
        }
    }

    /** A store whose backend is down: every call fails, as a remote store's would. */
    private static final class UnavailableRevocationStore implements RevocationStore {
        @Override
        public boolean isRevoked(TokenIdentity token) {
            throw new RevocationStoreException("store unreachable", new IOException("connection refused"));
        }

        @Override
        public void revoke(String issuer, String jwtId, Instant expiresAt) {
            throw new RevocationStoreException("store unreachable", null);
        }

        @Override
        public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
            throw new RevocationStoreException("store unreachable", null);
        }
    }
}
