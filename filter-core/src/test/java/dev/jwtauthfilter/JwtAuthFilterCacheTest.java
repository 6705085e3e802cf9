package dev.jwtauthfilter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.testsupport.CapturingOutputStream;
import dev.jwtauthfilter.testsupport.InMemoryKeySource;
import dev.jwtauthfilter.testsupport.MutableClock;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verified-token cache: a token seen again skips the signature check, and nothing else. Every
 * rule that can change between two requests (time, revocation, keys, origin) still decides. Servlet
 * objects are mocks; {@code JwtAuthMetrics} tells hits from full verifications.
 */
class JwtAuthFilterCacheTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final int LEEWAY = 30;
    private static final String KID = "kid-1";

    private final MutableClock clock = new MutableClock(T0);
    private final FilterConfig filterConfig = mock(FilterConfig.class);
    private final ServletContext context = mock(ServletContext.class);
    private final Map<String, Object> attributes = new HashMap<>();
    private final List<JwtAuthFilter> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        when(filterConfig.getServletContext()).thenReturn(context);
        when(filterConfig.getFilterName()).thenReturn("jwt");
        when(context.getContextPath()).thenReturn("/shop");
        when(context.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1)))
                .when(context)
                .setAttribute(anyString(), any());
    }

    @AfterEach
    void tearDown() {
        started.forEach(JwtAuthFilter::destroy);
    }

    private JwtAuthConfig.Builder rs256() {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("RS256")
                .publicKey(TestKeys.publicKey(TestKeys.RSA))
                .leewaySeconds(LEEWAY)
                .clock(clock);
    }

    private Started start(JwtAuthConfig.Builder config) throws Exception {
        attributes.clear();
        JwtAuthFilter filter = new JwtAuthFilter(config.build());
        filter.init(filterConfig);
        started.add(filter);
        return new Started(filter, (JwtAuthMetrics) attributes.get(JwtAuthFilter.METRICS_ATTRIBUTE), (RevocationStore)
                attributes.get(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE));
    }

    private record Started(JwtAuthFilter filter, JwtAuthMetrics metrics, RevocationStore store) {
        long hits() {
            return metrics.snapshot().verifiedTokenCacheHits();
        }

        long rejected(String reason) {
            return metrics.snapshot().tokensRejected().get(reason);
        }
    }

    private record Outcome(int status, String remoteUser) {}

    private static Outcome bearer(Started s, String token) throws Exception {
        return send(s, "GET", null, token, null);
    }

    private static Outcome send(Started s, String method, String cookieToken, String bearerToken, String origin)
            throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getServletPath()).thenReturn("/api/orders");
        when(request.getScheme()).thenReturn("https");
        when(request.getServerName()).thenReturn("shop.example");
        when(request.getServerPort()).thenReturn(443);
        when(request.getHeaders("Authorization"))
                .thenAnswer(i ->
                        Collections.enumeration(bearerToken == null ? List.of() : List.of("Bearer " + bearerToken)));
        when(request.getCookies())
                .thenReturn(cookieToken == null ? null : new Cookie[] {new Cookie("access_token", cookieToken)});
        when(request.getHeader("Origin")).thenReturn(origin);
        when(response.getOutputStream()).thenReturn(new CapturingOutputStream(new ByteArrayOutputStream()));
        AtomicInteger status = new AtomicInteger(200);
        doAnswer(i -> {
                    status.set(i.getArgument(0));
                    return null;
                })
                .when(response)
                .setStatus(anyInt());
        AtomicReference<String> user = new AtomicReference<>();
        FilterChain chain = (req, res) -> user.set(((HttpServletRequest) req).getRemoteUser());

        s.filter().doFilter(request, response, chain);

        return new Outcome(status.get(), user.get());
    }

    private String token(String subject, Duration lifetime) {
        return TestTokens.valid(clock.instant())
                .withSubject(subject)
                .withJWTId(UUID.randomUUID().toString())
                .withExpiresAt(clock.instant().plus(lifetime))
                .sign(TestTokens.rs256());
    }

    @Test
    void tokenSeenAgainSkipsTheSignatureCheckAndReachesTheApplicationAsTheSamePrincipal() throws Exception {
        Started s = start(rs256());
        String token = token("alice", Duration.ofMinutes(15));

        List<Outcome> outcomes = List.of(bearer(s, token), bearer(s, token), bearer(s, token));

        assertAll(
                () -> assertEquals(
                        List.of(new Outcome(200, "alice"), new Outcome(200, "alice"), new Outcome(200, "alice")),
                        outcomes),
                () -> assertEquals(2, s.hits(), "cache hits"));
    }

    @Test
    void cacheIsOnByDefaultForAsymmetricAlgorithmsAndOffForHmac() throws Exception {
        Started rsa = start(rs256());
        Started hmac = start(JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(TestKeys.hmacSecret())
                .clock(clock));
        String rsaToken = token("alice", Duration.ofMinutes(15));
        String hmacToken = TestTokens.valid(clock.instant()).sign(TestTokens.hs256());

        bearer(rsa, rsaToken);
        bearer(rsa, rsaToken);
        bearer(hmac, hmacToken);
        bearer(hmac, hmacToken);

        assertAll(() -> assertEquals(1, rsa.hits(), "RS256 hits"), () -> assertEquals(0, hmac.hits(), "HS256 hits"));
    }

    @Test
    void sizeZeroTurnsTheCacheOff() throws Exception {
        Started s = start(rs256().verifiedTokenCacheSize(0));
        String token = token("alice", Duration.ofMinutes(15));

        bearer(s, token);
        Outcome second = bearer(s, token);

        assertAll(() -> assertEquals(200, second.status()), () -> assertEquals(0, s.hits()));
    }

    @Test
    void cachedTokenIsRefusedAsExpiredOnceItsExpiryAndLeewayHavePassed() throws Exception {
        Started s = start(rs256());
        String token = token("alice", Duration.ofMinutes(1));
        bearer(s, token);

        clock.advance(Duration.ofMinutes(1).plusSeconds(LEEWAY));
        Outcome late = bearer(s, token);

        assertAll(
                () -> assertEquals(401, late.status()),
                () -> assertEquals(1, s.rejected("expired")),
                () -> assertEquals(0, s.hits()));
    }

    /** Around exp + leeway, a cached token gets exactly the answer of a filter without the cache. */
    @ParameterizedTest
    @ValueSource(longs = {-1001, -1000, -999, -1, 0, 1, 999, 1000})
    void cachedTokenGetsTheAnswerOfTheFullVerificationAroundItsExpiry(long millisFromExpiryPlusLeeway)
            throws Exception {
        Started cached = start(rs256());
        Started uncached = start(rs256().verifiedTokenCacheSize(0));
        String token = token("alice", Duration.ofMinutes(1));
        bearer(cached, token);

        clock.advance(Duration.ofMinutes(1).plusSeconds(LEEWAY).plusMillis(millisFromExpiryPlusLeeway));

        assertEquals(bearer(uncached, token).status(), bearer(cached, token).status());
    }

    @Test
    void cachedTokenIsRefusedOnceRevoked() throws Exception {
        Started s = start(rs256());
        String token = token("alice", Duration.ofMinutes(15));
        bearer(s, token);
        bearer(s, token);

        s.store().revokeIssuedBefore(TestTokens.ISSUER, "alice", clock.instant().plusSeconds(1));
        Outcome revoked = bearer(s, token);

        assertAll(() -> assertEquals(401, revoked.status()), () -> assertEquals(1, s.rejected("revoked")));
    }

    @Test
    void cachedTokenIsRefusedOnceItsKeyIsRemovedFromTheKeySource() throws Exception {
        InMemoryKeySource keys = new InMemoryKeySource().put(KID, TestKeys.RSA);
        Started s = start(keySourceConfig(keys));
        String token = TestTokens.valid(clock.instant()).withKeyId(KID).sign(TestTokens.rs256());
        bearer(s, token);
        bearer(s, token);

        keys.remove(KID);
        Outcome afterRemoval = bearer(s, token);

        assertAll(
                () -> assertEquals(401, afterRemoval.status()),
                () -> assertEquals(1, s.rejected("unknown_key")),
                () -> assertEquals(1, s.hits(), "hits before the removal only"));
    }

    @Test
    void cachedTokenIsRefusedOnceItsKidNamesAnotherKey() throws Exception {
        InMemoryKeySource keys = new InMemoryKeySource().put(KID, TestKeys.RSA);
        Started s = start(keySourceConfig(keys));
        String token = TestTokens.valid(clock.instant()).withKeyId(KID).sign(TestTokens.rs256());
        bearer(s, token);

        keys.put(KID, TestKeys.RSA_OTHER);
        Outcome afterRotation = bearer(s, token);

        assertAll(
                () -> assertEquals(401, afterRotation.status()),
                () -> assertEquals(1, s.rejected("bad_signature")),
                () -> assertEquals(0, s.hits()));
    }

    @Test
    void keySourceServingAnEqualKeyAgainKeepsTheCachedToken() throws Exception {
        InMemoryKeySource keys = new InMemoryKeySource().put(KID, TestKeys.RSA);
        Started s = start(keySourceConfig(keys));
        String token = TestTokens.valid(clock.instant()).withKeyId(KID).sign(TestTokens.rs256());
        bearer(s, token);

        // a JWKS refresh parses the same key into a new object
        keys.put(KID, TestKeys.publicKey(TestKeys.RSA));
        Outcome again = bearer(s, token);

        assertAll(() -> assertEquals(200, again.status()), () -> assertEquals(1, s.hits()));
    }

    @Test
    void reEncodedCopyOfACachedTokenIsNotServedFromTheCache() throws Exception {
        Started s = start(rs256());
        String token = token("alice", Duration.ofMinutes(15));
        bearer(s, token);

        Outcome padded = bearer(s, token + "=");

        assertAll(() -> assertEquals(401, padded.status()), () -> assertEquals(0, s.hits()));
    }

    @Test
    void cachedCookieTokenStillNeedsASameOriginForUnsafeMethods() throws Exception {
        Started s = start(rs256());
        String token = token("alice", Duration.ofMinutes(15));
        send(s, "GET", token, null, null);

        Outcome crossSite = send(s, "POST", token, null, "https://evil.example");

        assertAll(() -> assertEquals(403, crossSite.status()), () -> assertEquals(1, s.hits()));
    }

    @Test
    void tokensOfDifferentUsersKeepTheirOwnPrincipals() throws Exception {
        Started s = start(rs256());
        String alice = token("alice", Duration.ofMinutes(15));
        String bob = token("bob", Duration.ofMinutes(15));
        bearer(s, alice);
        bearer(s, bob);

        assertAll(
                () -> assertEquals("alice", bearer(s, alice).remoteUser()),
                () -> assertEquals("bob", bearer(s, bob).remoteUser()),
                () -> assertEquals(2, s.hits()));
    }

    @Test
    void tokenWithTheClaimsOfACachedOneButAnotherSignatureIsVerifiedAndRefused() throws Exception {
        Started s = start(rs256());
        String token = token("alice", Duration.ofMinutes(15));
        bearer(s, token);
        String[] parts = token.split("\\.");

        Outcome forged = bearer(s, parts[0] + "." + parts[1] + "." + TestTokens.b64("forged"));

        assertEquals(new Outcome(401, null), forged);
        assertEquals(0, s.hits());
    }

    private JwtAuthConfig.Builder keySourceConfig(InMemoryKeySource keys) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("RS256")
                .keySource(keys)
                .leewaySeconds(LEEWAY)
                .clock(clock);
    }
}
