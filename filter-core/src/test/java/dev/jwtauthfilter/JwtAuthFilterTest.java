package dev.jwtauthfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.auth0.jwt.algorithms.Algorithm;
import dev.jwtauthfilter.config.ConfigException;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.keys.KeySourceException;
import dev.jwtauthfilter.principal.AuthenticatedRequest;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.testsupport.CapturingOutputStream;
import dev.jwtauthfilter.testsupport.InMemoryKeySource;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

/**
 * The filter's wiring with mocked servlet objects: init-param errors, the revocation store in the
 * {@code ServletContext}, what reaches the chain, every refusal, the fail-closed 503 and the log lines.
 */
class JwtAuthFilterTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String RSA_PUBLIC_KEY = "classpath:/keys/test-only-rsa-2048-public.pem";
    private static final String MISSING_CHALLENGE = "Bearer realm=\"/shop\"";
    private static final String INVALID_TOKEN_CHALLENGE =
            "Bearer realm=\"/shop\", error=\"invalid_token\", error_description=\"The access token is invalid\"";
    private static final String INVALID_REQUEST_CHALLENGE =
            "Bearer realm=\"/shop\", error=\"invalid_request\"," + " error_description=\"The request is malformed\"";
    private static final String INVALID_TOKEN_BODY =
            "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}";

    /** Held strongly so that the level set here stays on the logger System.Logger writes to. */
    private static final Logger FILTER_LOG = Logger.getLogger(JwtAuthFilter.class.getName());

    private final FilterConfig filterConfig = mock(FilterConfig.class);
    private final ServletContext context = mock(ServletContext.class);
    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final FilterChain chain = mock(FilterChain.class);

    private final Map<String, String> initParams = new LinkedHashMap<>();
    private final Map<String, Object> contextAttributes = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<LogRecord> logRecords = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logRecords.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previousLevel;
    private boolean previousUseParentHandlers;
    private String sentToken;

    /** The store the programmatic filter uses; a test may replace it before calling {@link #filter()}. */
    private RevocationStore store = new InMemoryRevocationStore(CLOCK);

    @BeforeEach
    void setUp() throws IOException {
        initParams.put("issuer", TestTokens.ISSUER);
        initParams.put("audience", TestTokens.AUDIENCE);
        initParams.put("algorithms", "RS256");
        initParams.put("publicKey", RSA_PUBLIC_KEY);

        when(filterConfig.getServletContext()).thenReturn(context);
        when(filterConfig.getFilterName()).thenReturn("jwt");
        when(filterConfig.getInitParameterNames())
                .thenAnswer(i -> Collections.enumeration(new ArrayList<>(initParams.keySet())));
        when(filterConfig.getInitParameter(anyString())).thenAnswer(i -> initParams.get(i.<String>getArgument(0)));
        when(context.getContextPath()).thenReturn("/shop");
        when(context.getClassLoader()).thenReturn(JwtAuthFilterTest.class.getClassLoader());
        when(context.getAttribute(anyString())).thenAnswer(i -> contextAttributes.get(i.<String>getArgument(0)));
        doAnswer(i -> contextAttributes.put(i.getArgument(0), i.getArgument(1)))
                .when(context)
                .setAttribute(anyString(), any());

        when(request.getMethod()).thenReturn("GET");
        when(request.getServletPath()).thenReturn("/api/orders");
        when(request.getScheme()).thenReturn("https");
        when(request.getServerName()).thenReturn("shop.example.com");
        when(request.getServerPort()).thenReturn(443);
        when(response.getOutputStream()).thenReturn(new CapturingOutputStream(body));

        previousLevel = FILTER_LOG.getLevel();
        previousUseParentHandlers = FILTER_LOG.getUseParentHandlers();
        FILTER_LOG.setLevel(Level.FINE);
        FILTER_LOG.setUseParentHandlers(false);
        capture.setLevel(Level.ALL);
        FILTER_LOG.addHandler(capture);
    }

    @AfterEach
    void restoreLogger() {
        FILTER_LOG.removeHandler(capture);
        FILTER_LOG.setLevel(previousLevel);
        FILTER_LOG.setUseParentHandlers(previousUseParentHandlers);
    }

    // ---- init from init-params ----

    static Stream<Arguments> badInitParams() {
        return Stream.of(
                Arguments.of("leewaySeconds", "301"),
                Arguments.of("leewaySeconds", "-1"),
                Arguments.of("leewaySeconds", "thirty"),
                Arguments.of("algorithms", "none"),
                Arguments.of("algorithms", "rs256"),
                Arguments.of("algorithms", "RS256,HS256"),
                Arguments.of("publicKey", "file:/nonexistent/jwt-auth-filter-test/key.pem"),
                Arguments.of("publicKey", "classpath:/keys/test-only-rsa-1024-public.pem"),
                Arguments.of("publicKey", "classpath:/keys/test-only-rsa-2048-private.pem"),
                Arguments.of("maxTokenLength", "100"),
                Arguments.of("tokenSources", "query"),
                Arguments.of("cookieName", "bad name"),
                Arguments.of("excludePaths", "no-slash"),
                Arguments.of("allowedOrigins", "https://a.example.com/path"),
                Arguments.of("jwksUri", "https://issuer.test/jwks.json"),
                Arguments.of("jwksUri", "http://issuer.test/jwks.json"),
                Arguments.of("jwksRefetchCooldownSeconds", "10"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badInitParams")
    void initWhenBadInitParamThenServletExceptionNamesIt(String name, String value) {
        initParams.put(name, value);

        ServletException e = assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        assertTrue(
                e.getMessage().startsWith("Invalid JwtAuthFilter configuration: init-param '" + name + "' "),
                e.getMessage());
        assertEquals(name, assertInstanceOf(ConfigException.class, e.getCause()).parameter());
    }

    @Test
    void initWhenRequiredInitParamMissingThenServletExceptionNamesIt() {
        initParams.remove("audience");

        ServletException e = assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'audience' is required: give one or more values,"
                        + " comma-separated",
                e.getMessage());
    }

    @Test
    void initWhenUnknownInitParamThenRefusedNamingIt() {
        initParams.put("audiences", "test-api");

        ServletException e = assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        assertTrue(
                e.getMessage()
                        .startsWith("Invalid JwtAuthFilter configuration: init-param 'audiences' is unknown; allowed"
                                + " names are issuer, audience, algorithms,"),
                e.getMessage());
    }

    @Test
    void initWhenLiteralSecretThenRefusedWithoutEchoingIt() {
        String literal = "a-literal-secret-that-is-long-enough-for-hs256-0123456789";
        initParams.remove("publicKey");
        initParams.put("algorithms", "HS256");
        initParams.put("secret", literal);

        ServletException e = assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        assertTrue(e.getMessage().contains("init-param 'secret'"), e.getMessage());
        assertFalse(e.getMessage().contains(literal), e.getMessage());
    }

    @Test
    void hmacSecretNeverAppearsInTheLogAtAnyLevelFromInitToRefusals() throws Exception {
        byte[] secret = TestKeys.hmacSecret();
        initParams.remove("publicKey");
        initParams.put("algorithms", "HS256");
        initParams.put("secret", "file:" + TestKeys.resourcePath(TestKeys.HMAC_FILE));
        JwtAuthFilter filter = new JwtAuthFilter();
        filter.init(filterConfig);
        for (String token : List.of(
                TestTokens.valid(Instant.now()).sign(TestTokens.hs256()),
                TestTokens.valid(Instant.now().minusSeconds(7200)).sign(TestTokens.hs256()),
                TestTokens.valid(Instant.now()).sign(Algorithm.HMAC256("x".repeat(32))))) {
            cookies(new Cookie("access_token", token));
            filter.doFilter(request, response, chain);
        }

        String logged = logRecords.stream()
                .map(r -> new SimpleFormatter().formatMessage(r))
                .collect(Collectors.joining("\n"));
        assertFalse(logRecords.isEmpty(), "the filter logged nothing, so this test would prove nothing");
        for (String form : List.of(
                new String(secret, StandardCharsets.US_ASCII),
                Base64.getEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                HexFormat.of().formatHex(secret))) {
            assertFalse(logged.contains(form.substring(0, 16)), () -> "the log shows the secret:\n" + logged);
        }
    }

    @Test
    void initWhenInitParamsInvalidThenNoStoreIsPublished() {
        initParams.put("leewaySeconds", "301");

        assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        verify(context, never()).setAttribute(anyString(), any());
    }

    @Test
    void initFromValidInitParamsThenValidTokenReachesChain() throws Exception {
        JwtAuthFilter filter = new JwtAuthFilter();
        filter.init(filterConfig);
        // init-params give the system clock
        bearer(TestTokens.rsaToken(Instant.now()));

        filter.doFilter(request, response, chain);

        verify(chain).doFilter(any(AuthenticatedRequest.class), eq(response));
    }

    @ParameterizedTest(name = "context path {0} gives realm {1}")
    @CsvSource(
            delimiter = '|',
            value = {"/shop|/shop", "''|api", "/a\"b|api", "/caf\u00e9|api"})
    void missingTokenChallengeNamesTheContextPathAsRealmOnlyWhenItNeedsNoEscaping(String contextPath, String realm)
            throws Exception {
        when(context.getContextPath()).thenReturn(contextPath);
        JwtAuthFilter filter = new JwtAuthFilter();
        filter.init(filterConfig);

        filter.doFilter(request, response, chain);

        verify(response).setHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
    }

    // ---- the revocation store in the ServletContext ----

    @Test
    void initPublishesAnInMemoryStoreInTheContextAttribute() throws Exception {
        new JwtAuthFilter().init(filterConfig);

        assertInstanceOf(
                InMemoryRevocationStore.class, contextAttributes.get(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE));
    }

    @Test
    void publishedMetricsCountAcceptedAndRejectedTokens() throws Exception {
        JwtAuthFilter filter = filter();
        JwtAuthMetrics metrics = (JwtAuthMetrics) contextAttributes.get(JwtAuthFilter.METRICS_ATTRIBUTE);
        bearer(validToken());
        filter.doFilter(request, response, chain);
        bearer(expiredToken());
        filter.doFilter(request, response, chain);

        JwtAuthMetrics.Snapshot s = metrics.snapshot();

        assertEquals(
                List.of(1L, 1L, 1L, 0L, 0L),
                List.of(
                        s.tokensAccepted(),
                        s.tokensRejected().get("expired"),
                        s.tokensRejectedTotal(),
                        s.unavailable(),
                        s.jwksFetches()));
    }

    @Test
    void publishedMetricsCountRequestsRefusedBecauseTheStoreIsDown() throws Exception {
        store = failingStore(new RevocationStoreException("down", null));
        JwtAuthFilter filter = filter();
        bearer(validToken());

        filter.doFilter(request, response, chain);

        JwtAuthMetrics.Snapshot s =
                ((JwtAuthMetrics) contextAttributes.get(JwtAuthFilter.METRICS_ATTRIBUTE + ".jwt")).snapshot();
        assertEquals(List.of(1L, 0L, 0L), List.of(s.unavailable(), s.tokensAccepted(), s.tokensRejectedTotal()));
    }

    @Test
    void publishedStoreIsTheOneTheFilterConsults() throws Exception {
        JwtAuthFilter filter = new JwtAuthFilter();
        filter.init(filterConfig);
        RevocationStore published = (RevocationStore) contextAttributes.get(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
        String token = TestTokens.valid(Instant.now()).withJWTId("logged-out").sign(TestTokens.rs256());
        published.revoke(TestTokens.ISSUER, "logged-out", Instant.now().plusSeconds(600));
        bearer(token);

        filter.doFilter(request, response, chain);

        verify(response).setStatus(401);
        verifyNoInteractions(chain);
    }

    @Test
    void initReusesARevocationStoreAlreadyInTheContext() throws Exception {
        RevocationStore existing = mock(RevocationStore.class);
        contextAttributes.put(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, existing);
        JwtAuthFilter filter = new JwtAuthFilter();
        filter.init(filterConfig);
        bearer(TestTokens.rsaToken(Instant.now()));

        filter.doFilter(request, response, chain);

        assertSame(existing, contextAttributes.get(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE));
        verify(existing).isRevoked(any(TokenIdentity.class));
    }

    @Test
    void initWhenContextAttributeIsNotARevocationStoreThenServletException() {
        contextAttributes.put(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, "not a store");

        ServletException e = assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        assertEquals(
                "Invalid JwtAuthFilter configuration: ServletContext attribute "
                        + JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE
                        + " holds a java.lang.String, not a dev.jwtauthfilter.revocation.RevocationStore",
                e.getMessage());
    }

    @Test
    void initWhenConfigSuppliesAStoreThenThatStoreIsPublished() throws Exception {
        RevocationStore supplied = mock(RevocationStore.class);

        new JwtAuthFilter(config().revocationStore(supplied).build()).init(filterConfig);

        assertSame(supplied, contextAttributes.get(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE));
    }

    // ---- programmatic construction ----

    @Test
    void programmaticConstructorIgnoresInitParams() throws Exception {
        initParams.put("bogus", "x");
        initParams.put("leewaySeconds", "999");

        new JwtAuthFilter(config().build()).init(filterConfig);

        verify(filterConfig, never()).getInitParameterNames();
        verify(filterConfig, never()).getInitParameter(anyString());
    }

    @Test
    void programmaticConstructorWhenConfigNullThenNullPointerException() {
        assertThrows(NullPointerException.class, () -> new JwtAuthFilter(null));
    }

    @Test
    void doFilterBeforeInitThenServletExceptionAndChainNotCalled() {
        JwtAuthFilter filter = new JwtAuthFilter(config().build());
        bearer(validToken());

        ServletException e = assertThrows(ServletException.class, () -> filter.doFilter(request, response, chain));

        assertEquals("JwtAuthFilter has not been initialised", e.getMessage());
        verifyNoInteractions(chain);
    }

    @Test
    void doFilterWhenNotHttpThenServletExceptionAndChainNotCalled() throws Exception {
        JwtAuthFilter filter = filter();

        assertThrows(
                ServletException.class,
                () -> filter.doFilter(mock(ServletRequest.class), mock(ServletResponse.class), chain));

        verifyNoInteractions(chain);
    }

    // ---- success ----

    @Test
    void doFilterWhenValidTokenThenChainSeesPrincipalRolesAndAuthType() throws Exception {
        bearer(validToken());

        filter().doFilter(request, response, chain);

        HttpServletRequest seen = chainRequest();
        assertEquals("alice", seen.getUserPrincipal().getName());
        assertEquals("alice", seen.getRemoteUser());
        assertTrue(seen.isUserInRole("user"));
        assertFalse(seen.isUserInRole("admin"));
        assertEquals(JwtAuthFilter.AUTH_TYPE, seen.getAuthType());
    }

    @Test
    void doFilterWhenValidTokenThenClaimsAttributeIsSet() throws Exception {
        bearer(validToken());

        filter().doFilter(request, response, chain);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> claims = ArgumentCaptor.forClass(Map.class);
        verify(request).setAttribute(eq(JwtAuthFilter.CLAIMS_ATTRIBUTE), claims.capture());
        assertEquals("alice", claims.getValue().get("sub"));
        assertEquals(List.of("user"), claims.getValue().get("roles"));
    }

    @Test
    void doFilterWhenValidTokenThenResponseUntouched() throws Exception {
        bearer(validToken());

        filter().doFilter(request, response, chain);

        verify(response, never()).setStatus(anyInt());
        verify(response, never()).setHeader(anyString(), anyString());
        assertEquals(0, body.size());
    }

    @Test
    void doFilterWhenExcludedPathThenChainCalledWithOriginalRequestWithoutToken() throws Exception {
        when(request.getServletPath()).thenReturn("/public/index.html");
        JwtAuthFilter filter = filter(config().excludePaths("/public/*"));

        filter.doFilter(request, response, chain);

        verify(chain).doFilter(request, response);
    }

    // ---- refusals: the chain is never called ----

    /** Prepares one refused request; runs before the filter is built. */
    @FunctionalInterface
    interface Setup {
        void apply(JwtAuthFilterTest t) throws Exception;
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("no token", 401, MISSING_CHALLENGE, t -> {}),
                refusal("Basic scheme only", 401, MISSING_CHALLENGE, t -> t.authorization("Basic YWxpY2U6c2VjcmV0")),
                refusal("expired", 401, INVALID_TOKEN_CHALLENGE, t -> t.bearer(t.expiredToken())),
                refusal("tampered", 401, INVALID_TOKEN_CHALLENGE, t -> t.bearer(tampered(validToken()))),
                refusal("alg none", 401, INVALID_TOKEN_CHALLENGE, t -> t.bearer(algNoneToken())),
                refusal(
                        "wrong audience",
                        401,
                        INVALID_TOKEN_CHALLENGE,
                        t -> t.bearer(
                                TestTokens.valid(NOW).withAudience("other-api").sign(TestTokens.rs256()))),
                refusal("garbage", 401, INVALID_TOKEN_CHALLENGE, t -> t.bearer("not-a-jwt")),
                refusal("too long", 401, INVALID_TOKEN_CHALLENGE, t -> t.bearer("a".repeat(9000))),
                refusal("no jti with deny-list store", 401, INVALID_TOKEN_CHALLENGE, t -> t.bearer(tokenWithoutJti())),
                refusal("revoked jti", 401, INVALID_TOKEN_CHALLENGE, t -> {
                    t.store.revoke(TestTokens.ISSUER, "revoked-jti", NOW.plusSeconds(600));
                    t.bearer(TestTokens.valid(NOW).withJWTId("revoked-jti").sign(TestTokens.rs256()));
                }),
                refusal("subject cutoff", 401, INVALID_TOKEN_CHALLENGE, t -> {
                    t.store.revokeIssuedBefore(TestTokens.ISSUER, "alice", NOW.plusSeconds(1));
                    t.bearer(validToken());
                }),
                refusal(
                        "two Authorization headers",
                        400,
                        INVALID_REQUEST_CHALLENGE,
                        t -> t.authorization("Bearer " + validToken(), "Bearer " + validToken())),
                refusal("header and cookie", 400, INVALID_REQUEST_CHALLENGE, t -> {
                    t.bearer(validToken());
                    t.cookies(new Cookie("access_token", validToken()));
                }),
                refusal("empty Bearer", 400, INVALID_REQUEST_CHALLENGE, t -> t.authorization("Bearer ")),
                refusal("cross-origin cookie POST", 403, null, t -> {
                    t.cookies(new Cookie("access_token", validToken()));
                    when(t.request.getMethod()).thenReturn("POST");
                    when(t.request.getHeaders("Origin"))
                            .thenAnswer(i -> Collections.enumeration(List.of("https://evil.example.net")));
                }),
                refusal("store down", 503, null, t -> {
                    t.store = failingStore(new RevocationStoreException("down", null));
                    t.bearer(validToken());
                }));
    }

    private static Arguments refusal(String name, int status, String challenge, Setup setup) {
        return Arguments.of(name, status, challenge, setup);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void doFilterWhenRefusedThenExactStatusAndChallengeAndChainNeverCalled(
            String name, int status, String challenge, Setup setup) throws Exception {
        setup.apply(this);

        filter().doFilter(request, response, chain);

        verify(response).setStatus(status);
        if (challenge == null) {
            verify(response, never()).setHeader(eq("WWW-Authenticate"), anyString());
        } else {
            verify(response).setHeader("WWW-Authenticate", challenge);
        }
        verifyNoInteractions(chain);
    }

    @Test
    void doFilterWhenTokenInvalidThenBodyIsTheFixedErrorAndLeaksNothing() throws Exception {
        String token = tampered(validToken());
        bearer(token);

        filter().doFilter(request, response, chain);

        assertEquals(INVALID_TOKEN_BODY, body.toString(StandardCharsets.UTF_8));
        verify(response).setHeader("Cache-Control", "no-store");
    }

    // ---- store failures fail closed ----

    static Stream<RuntimeException> storeFailures() {
        return Stream.of(
                new RevocationStoreException("redis down", new IOException("connection refused")),
                new IllegalStateException("pool closed"),
                new NullPointerException(),
                new UnsupportedOperationException("not today"),
                new ClassCastException("odd"),
                new RuntimeException("line1\r\nFAKE LOG LINE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storeFailures")
    void doFilterWhenStoreThrowsThen503WithRetryAfterAndChainNotCalled(RuntimeException failure) throws Exception {
        store = failingStore(failure);
        bearer(validToken());

        filter().doFilter(request, response, chain);

        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "5");
        verifyNoInteractions(chain);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storeFailures")
    void doFilterWhenStoreThrowsThenExactlyOneWarningWithoutTheToken(RuntimeException failure) throws Exception {
        store = failingStore(failure);
        String token = validToken();
        bearer(token);
        JwtAuthFilter filter = filter();
        logRecords.clear();

        filter.doFilter(request, response, chain);

        List<String> warnings = messages(Level.WARNING);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("Revocation store unavailable, request refused with 503: "));
        assertFalse(warnings.get(0).contains(token));
        assertFalse(warnings.get(0).contains("\n") || warnings.get(0).contains("\r"), warnings.get(0));
        assertEquals(List.of(), messages(Level.SEVERE));
    }

    @Test
    void doFilterWhenStoreThrowsFromRequiresJwtIdThen503AndChainNotCalled() throws Exception {
        RevocationStore failing = mock(RevocationStore.class);
        when(failing.requiresJwtId()).thenThrow(new IllegalStateException("config service down"));
        store = failing;
        bearer(tokenWithoutJti());
        JwtAuthFilter filter = filter();
        logRecords.clear();

        filter.doFilter(request, response, chain);

        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "5");
        verifyNoInteractions(chain);
        assertEquals(1, messages(Level.WARNING).size());
    }

    // ---- keys from a KeySource ----

    private static final String KEYS_ATTRIBUTE = "com.example.signingKeys";
    private static final String KID = "kid-7c1e09";

    /** RS256 with the given key source instead of a fixed key, the fixed clock. */
    private static JwtAuthConfig.Builder keySourceConfig(KeySource source) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("RS256")
                .keySource(source)
                .clock(CLOCK);
    }

    private static String tokenWithKid(String kid) {
        return TestTokens.valid(NOW).withKeyId(kid).sign(TestTokens.rs256());
    }

    @Test
    void initWhenKeySourceInitParamNamesContextAttributeThenTokensVerifyWithItsKeys() throws Exception {
        contextAttributes.put(KEYS_ATTRIBUTE, new InMemoryKeySource().put(KID, TestKeys.RSA));
        initParams.remove("publicKey");
        initParams.put("keySource", KEYS_ATTRIBUTE);
        JwtAuthFilter filter = new JwtAuthFilter();
        filter.init(filterConfig);
        // init-params give the system clock
        bearer(TestTokens.valid(Instant.now()).withKeyId(KID).sign(TestTokens.rs256()));

        filter.doFilter(request, response, chain);

        verify(chain).doFilter(any(AuthenticatedRequest.class), eq(response));
    }

    @Test
    void initWhenKeySourceAttributeNotSetThenServletExceptionNamesKeySource() {
        initParams.remove("publicKey");
        initParams.put("keySource", KEYS_ATTRIBUTE);

        ServletException e = assertThrows(ServletException.class, () -> new JwtAuthFilter().init(filterConfig));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'keySource' names the ServletContext attribute '"
                        + KEYS_ATTRIBUTE + "', which is not set; publish your KeySource there from a"
                        + " ServletContextListener (listeners start before filters)",
                e.getMessage());
    }

    @Test
    void doFilterWhenKeySourceKnowsNoKeyForTheKidThen401InvalidTokenAndChainNotCalled() throws Exception {
        bearer(tokenWithKid("retired-kid"));

        filter(keySourceConfig(new InMemoryKeySource().put(KID, TestKeys.RSA))).doFilter(request, response, chain);

        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", INVALID_TOKEN_CHALLENGE);
        verifyNoInteractions(chain);
    }

    @Test
    void doFilterWhenKeySourceKnowsNoKeyForTheKidThenDebugLineSaysUnknownKey() throws Exception {
        bearer(tokenWithKid("retired-kid"));
        JwtAuthFilter filter = filter(keySourceConfig(new InMemoryKeySource().put(KID, TestKeys.RSA)));
        logRecords.clear();

        filter.doFilter(request, response, chain);

        List<String> debug = messages(Level.FINE);
        assertEquals(1, debug.size(), debug.toString());
        assertTrue(
                debug.get(0).startsWith("Failed to authenticate: unknown_key (token from header, fingerprint "),
                debug.get(0));
    }

    static Stream<Arguments> keySourceFailures() {
        String wrapped = "dev.jwtauthfilter.keys.KeySourceException: key source failed with ";
        return Stream.of(
                Arguments.of(
                        new KeySourceException("key server unreachable", new IOException("connection refused")),
                        "dev.jwtauthfilter.keys.KeySourceException: key server unreachable"),
                Arguments.of(
                        new IllegalStateException("no key for kid " + KID),
                        wrapped + "java.lang.IllegalStateException"),
                Arguments.of(
                        new IllegalArgumentException("bad kid " + KID), wrapped + "java.lang.IllegalArgumentException"),
                Arguments.of(new NullPointerException(), wrapped + "java.lang.NullPointerException"),
                Arguments.of(
                        new KeySourceException("line1\r\nFAKE LOG LINE", null),
                        "dev.jwtauthfilter.keys.KeySourceException: line1\\u000d\\u000aFAKE LOG LINE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keySourceFailures")
    void doFilterWhenKeySourceThrowsThen503WithRetryAfterAndChainNotCalled(RuntimeException failure, String logged)
            throws Exception {
        bearer(tokenWithKid(KID));

        filter(keySourceConfig((kid, alg) -> {
                    throw failure;
                }))
                .doFilter(request, response, chain);

        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "5");
        verify(response, never()).setHeader(eq("WWW-Authenticate"), anyString());
        verifyNoInteractions(chain);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keySourceFailures")
    void doFilterWhenKeySourceThrowsThenExactlyOneWarningWithoutTokenText(RuntimeException failure, String logged)
            throws Exception {
        String token = tokenWithKid(KID);
        bearer(token);
        JwtAuthFilter filter = filter(keySourceConfig((kid, alg) -> {
            throw failure;
        }));
        logRecords.clear();

        filter.doFilter(request, response, chain);

        List<String> warnings = messages(Level.WARNING);
        assertEquals(List.of("Key source unavailable, request refused with 503: " + logged), warnings);
        for (String part : token.split("\\.")) {
            assertFalse(warnings.get(0).contains(part), "log line contains a token segment: " + warnings.get(0));
        }
        assertFalse(warnings.get(0).contains(KID), warnings.get(0));
        assertEquals(List.of(), messages(Level.SEVERE));
    }

    // ---- tokens without jti ----

    @Test
    void doFilterWhenNoJtiAndStoreRequiresJwtIdThen401AndStoreNotAsked() throws Exception {
        RevocationStore denyList = mock(RevocationStore.class);
        when(denyList.requiresJwtId()).thenReturn(true);
        store = denyList;
        bearer(tokenWithoutJti());

        filter().doFilter(request, response, chain);

        verify(response).setStatus(401);
        verify(denyList, never()).isRevoked(any());
        verifyNoInteractions(chain);
    }

    @Test
    void doFilterWhenNoJtiAndStoreKeepsNoDenyListThenChainCalled() throws Exception {
        RevocationStore cutoffOnly = mock(RevocationStore.class);
        when(cutoffOnly.requiresJwtId()).thenReturn(false);
        store = cutoffOnly;
        bearer(tokenWithoutJti());

        filter().doFilter(request, response, chain);

        verify(chain).doFilter(any(AuthenticatedRequest.class), eq(response));
    }

    @Test
    void doFilterWhenNoJtiAndStoreKeepsNoDenyListThenStoreStillAskedWithNullJti() throws Exception {
        RevocationStore cutoffOnly = mock(RevocationStore.class);
        when(cutoffOnly.requiresJwtId()).thenReturn(false);
        store = cutoffOnly;
        bearer(tokenWithoutJti());

        filter().doFilter(request, response, chain);

        ArgumentCaptor<TokenIdentity> identity = ArgumentCaptor.forClass(TokenIdentity.class);
        verify(cutoffOnly, times(1)).isRevoked(identity.capture());
        assertNull(identity.getValue().jwtId());
        assertEquals("alice", identity.getValue().subject());
    }

    // ---- DEBUG log lines ----

    static Stream<Arguments> rejectedTokens() {
        return Stream.of(
                Arguments.of("expired", (Setup) t -> t.bearer(t.expiredToken())),
                Arguments.of("bad_signature", (Setup) t -> t.bearer(tampered(validToken()))),
                Arguments.of("algorithm_not_allowed", (Setup) t -> t.bearer(algNoneToken())),
                Arguments.of("malformed", (Setup) t -> t.bearer(validToken() + "==")),
                Arguments.of("missing_jwt_id", (Setup) t -> t.bearer(tokenWithoutJti())),
                Arguments.of("revoked", (Setup) t -> {
                    t.store.revokeIssuedBefore(TestTokens.ISSUER, "alice", NOW.plusSeconds(1));
                    t.bearer(validToken());
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void doFilterWhenTokenRejectedThenDebugLineHasReasonCodeAndNoTokenText(String code, Setup setup) throws Exception {
        setup.apply(this);
        String token = sentToken;
        JwtAuthFilter filter = filter();
        logRecords.clear();

        filter.doFilter(request, response, chain);

        List<String> debug = messages(Level.FINE);
        assertEquals(1, debug.size(), debug.toString());
        assertTrue(
                debug.get(0).startsWith("Failed to authenticate: " + code + " (token from header, fingerprint "),
                debug.get(0));
        for (String part : token.split("\\.")) {
            assertFalse(debug.get(0).contains(part), "log line contains a token segment: " + debug.get(0));
        }
    }

    @Test
    void doFilterWhenTokenRejectedThenNoLogRecordAtAnyLevelContainsTheToken() throws Exception {
        String token = TestTokens.valid(NOW.minusSeconds(3600)).sign(TestTokens.rs256());
        bearer(token);
        JwtAuthFilter filter = filter();

        filter.doFilter(request, response, chain);

        for (LogRecord r : logRecords) {
            String message = new SimpleFormatter().formatMessage(r);
            assertFalse(message.contains(token.substring(token.lastIndexOf('.') + 1)), message);
            assertFalse(message.contains(token.substring(0, token.lastIndexOf('.'))), message);
        }
    }

    // ---- helpers ----

    private static JwtAuthConfig.Builder config() {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("RS256")
                .publicKey(TestKeys.publicKey(TestKeys.RSA))
                .clock(CLOCK);
    }

    private JwtAuthFilter filter() throws ServletException {
        return filter(config());
    }

    private JwtAuthFilter filter(JwtAuthConfig.Builder builder) throws ServletException {
        JwtAuthFilter filter = new JwtAuthFilter(builder.revocationStore(store).build());
        filter.init(filterConfig);
        return filter;
    }

    private static String validToken() {
        return TestTokens.rsaToken(NOW);
    }

    private String expiredToken() {
        return TestTokens.valid(NOW.minusSeconds(3600)).sign(TestTokens.rs256());
    }

    private static String tokenWithoutJti() {
        return TestTokens.rawRs256(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                        + "\",\"sub\":\"alice\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":"
                        + NOW.plusSeconds(600).getEpochSecond() + "}");
    }

    private static String algNoneToken() {
        String signed = validToken();
        return TestTokens.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + signed.substring(signed.indexOf('.'));
    }

    /** The same signature over a payload naming another subject. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return parts[0] + "." + TestTokens.b64(payload.replace("\"alice\"", "\"admin\"")) + "." + parts[2];
    }

    private static RevocationStore failingStore(RuntimeException failure) {
        RevocationStore failing = mock(RevocationStore.class);
        when(failing.requiresJwtId()).thenReturn(true);
        when(failing.isRevoked(any())).thenThrow(failure);
        return failing;
    }

    private void bearer(String token) {
        sentToken = token;
        authorization("Bearer " + token);
    }

    private void authorization(String... values) {
        when(request.getHeaders("Authorization")).thenAnswer(i -> Collections.enumeration(List.of(values)));
    }

    private void cookies(Cookie... cookies) {
        when(request.getCookies()).thenReturn(cookies);
    }

    private HttpServletRequest chainRequest() throws Exception {
        ArgumentCaptor<ServletRequest> seen = ArgumentCaptor.forClass(ServletRequest.class);
        verify(chain).doFilter(seen.capture(), eq(response));
        return (HttpServletRequest) seen.getValue();
    }

    private List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return logRecords.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .collect(Collectors.toList());
    }
}
