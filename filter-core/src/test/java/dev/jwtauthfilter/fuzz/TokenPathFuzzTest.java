package dev.jwtauthfilter.fuzz;

import com.auth0.jwt.algorithms.Algorithm;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.keys.KeySourceException;
import dev.jwtauthfilter.principal.JwtPrincipal;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Fuzzes the filter's token path: arbitrary bytes become a request's method, path, {@code
 * Authorization} headers, cookies and {@code Origin}/{@code Referer}, which go through a real {@link
 * JwtAuthFilter} (resolve, format checks, java-jwt decode and verify, claims, revocation, origin
 * check) with hand-written fake servlet objects. Every outcome is checked against what the filter
 * promises; anything else fails the test:
 *
 * <ul>
 *   <li>an exception escaping {@code doFilter}, or a status other than 400, 401, 403 or 503 for a
 *       refusal (no 500);
 *   <li>a refusal that still called the chain, or whose headers and body are not exactly the
 *       filter's constant ones (the {@code WWW-Authenticate} challenge on 400/401 included), or a
 *       status the request cannot earn (400 only for two tokens or an empty Bearer token, 401 without
 *       error code only when there is no token, 403 only for a cookie token on an unsafe method);
 *   <li>a request let through (chain called) whose token is not byte for byte one of the valid
 *       tokens in {@code valid-tokens.txt} with that token's {@code sub} as principal, or the token
 *       the harness signed for this input and whose claims meet the policy ({@code iss}, {@code aud},
 *       {@code exp}, {@code nbf}, {@code iat}, {@code sub}, {@code jti}, no {@code crit}, strict
 *       JSON, right key and {@code alg}), judged here without the filter's code: a mutated token
 *       that still authenticates is a finding;
 *   <li>a valid token of {@code valid-tokens.txt} that its filter does not treat as listed;
 *   <li>a log line holding the token or a line break.
 * </ul>
 *
 * <p><b>Input format</b> (each seed file is one request; readable and writable by hand). Lines end
 * with LF; each is {@code key: value} (one space after the colon is optional and not part of the
 * value); lines without a colon or with an unknown key are ignored. Values are UTF-8 when they are
 * valid UTF-8, else one char per byte (ISO-8859-1). Keys:
 *
 * <ul>
 *   <li>{@code filter:} {@code rs} (default: RS256 and ES256 with fixed keys, cookie or header,
 *       {@code /public/*} excluded, {@code https://app.example.test} trusted, {@code jti}
 *       {@code revoked-jti} revoked and {@code store-outage} making the revocation store fail),
 *       {@code kid} (RS256 and ES256 with keys by {@code kid}: {@code rsa}, {@code ec}, {@code
 *       rsa-other}; {@code outage} makes the key source fail; no verified-token cache) or {@code hs}
 *       (HS256 with the test secret, context path {@code /shop}, tokens of at most 1024 chars);
 *   <li>{@code method:} the HTTP method (default GET); {@code path:} the servlet path (default
 *       {@code /api/orders});
 *   <li>{@code authorization:}, {@code origin:} an {@code Authorization} or {@code Origin} header,
 *       repeatable (at most 8 each); {@code referer:} a {@code Referer} header;
 *   <li>{@code cookie:} {@code name=value}, repeatable (at most 8); a name {@link Cookie} rejects
 *       (no container can produce it) drops that cookie;
 *   <li>{@code jwt-sign:} {@code HS256}, {@code RS256}, {@code RS256-OTHER} (the other RSA test
 *       key), {@code ES256} or {@code NONE} (empty signature): the harness signs a token from {@code
 *       jwt-header:} and {@code jwt-payload:} (raw bytes, base64url-encoded as they are; defaults: the
 *       alg's header and a valid payload), and every {@code $JWT} in {@code authorization:} and
 *       {@code cookie:} values is replaced by it. This lets the fuzzer reach the claim checks behind
 *       the signature.
 * </ul>
 *
 * <p>Regression mode (every {@code mvn test}/{@code verify}): runs each file under {@code
 * src/test/resources/dev/jwtauthfilter/fuzz/TokenPathFuzzTestInputs/tokenPath/} once. Fuzzing mode:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=10m mvn -B test -pl filter-core -Dtest=TokenPathFuzzTest}
 * (findings are written into that directory as {@code crash-*}; the generated corpus goes to {@code
 * filter-core/.cifuzz-corpus/}, which is not committed).
 */
class TokenPathFuzzTest {
    /** The fixed instant every filter lives at, so that the committed valid tokens never expire. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final long LEEWAY_SECONDS = JwtAuthConfig.DEFAULT_LEEWAY_SECONDS;
    static final String COOKIE = JwtAuthConfig.DEFAULT_COOKIE_NAME;
    static final String TRUSTED_ORIGIN = "https://app.example.test";
    static final String REVOKED_JTI = "revoked-jti";
    static final String STORE_OUTAGE_JTI = "store-outage";
    static final String OUTAGE_KID = "outage";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final String INVALID_TOKEN_BODY =
            "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}";
    private static final String MISSING_TOKEN_BODY =
            "{\"error\":\"unauthorized\",\"error_description\":\"Authentication is required\"}";
    private static final String INVALID_REQUEST_BODY =
            "{\"error\":\"invalid_request\",\"error_description\":\"The request is malformed\"}";
    private static final String FORBIDDEN_BODY =
            "{\"error\":\"forbidden\",\"error_description\":\"Cross-origin request refused\"}";
    private static final String UNAVAILABLE_BODY =
            "{\"error\":\"temporarily_unavailable\",\"error_description\":\"Please retry later\"}";

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final LogCheck LOG = LogCheck.install();
    private static final Map<String, Target> TARGETS = Targets.build();
    private static final Map<String, KnownToken> KNOWN = KnownToken.load();

    @FuzzTest(maxDuration = "5m")
    void tokenPath(byte[] input) throws IOException, ServletException {
        FuzzRequest in = FuzzRequest.parse(input);
        Target target = TARGETS.getOrDefault(in.filter, TARGETS.get("rs"));
        String jwt = in.jwtSign == null ? null : Signer.sign(in.jwtSign, in.jwtHeader, in.jwtPayload);

        List<String> authorization = new ArrayList<>();
        in.authorization.forEach(v -> authorization.add(substitute(v, jwt)));
        List<Cookie> cookies = new ArrayList<>();
        for (int i = 0; i < in.cookies.size(); i += 2) {
            try {
                cookies.add(new Cookie(in.cookies.get(i), substitute(in.cookies.get(i + 1), jwt)));
            } catch (IllegalArgumentException e) {
                // a name the container itself would never hand over
            }
        }
        FakeServlet.Request request =
                new FakeServlet.Request(in.method, in.path, authorization, in.origins, in.referer, cookies);
        FakeServlet.Response response = new FakeServlet.Response();
        Downstream downstream = new Downstream();

        LOG.clear();
        target.filter.doFilter(request.proxy(), response.proxy(), downstream);

        Resolution resolution = Resolution.of(authorization, cookies);
        String verdict = verdict(target, in, jwt, resolution, request, response, downstream);
        if (verdict == null) {
            verdict = LOG.problem(resolution.token, in.method);
        }
        if (verdict != null) {
            throw new AssertionError(verdict + "\n  filter=" + target.name + " method=" + in.method + " path="
                    + in.path + " resolution=" + resolution.kind + " status=" + response.status + " chainCalls="
                    + downstream.calls);
        }
    }

    private static String substitute(String value, String jwt) {
        return jwt == null ? value : value.replace("$JWT", jwt);
    }

    /** Null if the outcome is one the filter may give for this request, else what is wrong. */
    private static String verdict(
            Target target,
            FuzzRequest in,
            String jwt,
            Resolution resolution,
            FakeServlet.Request request,
            FakeServlet.Response response,
            Downstream downstream) {
        if (downstream.calls > 1) {
            return "chain called " + downstream.calls + " times";
        }
        if (downstream.calls == 1) {
            if (response.status != 0 || !response.headers.isEmpty() || response.body.size() != 0) {
                return "chain called, but the filter also wrote a response (status " + response.status + ")";
            }
            if (downstream.principal == null) {
                // "/public/*" is servlet-mapping style: it matches "/public" itself too
                return target.excludesPublic && (in.path.equals("/public") || in.path.startsWith("/public/"))
                        ? null
                        : "chain called without a principal for a path that is not excluded";
            }
            return accepted(target, in, jwt, resolution, request, downstream);
        }
        String shape = refusalShape(target, response);
        if (shape != null) {
            return shape;
        }
        KnownToken known = resolution.token == null ? null : KNOWN.get(resolution.token);
        boolean cookieOnUnsafe = resolution.fromCookie && !SAFE_METHODS.contains(in.method);
        switch (response.status) {
            case 400:
                return resolution.kind == Resolution.Kind.INVALID_REQUEST
                        ? null
                        : "400 for a request with " + resolution.kind;
            case 401:
                boolean missing = MISSING_TOKEN_BODY.equals(response.body.toString(StandardCharsets.UTF_8));
                if (missing != (resolution.kind == Resolution.Kind.NONE)) {
                    return "401 " + (missing ? "without" : "with") + " error code for a request with "
                            + resolution.kind;
                }
                if (known != null && known.expect(target) != null && known.expect(target) != KnownToken.Expect.REFUSE) {
                    return "valid token refused with 401 (expected " + known.expect(target) + ")";
                }
                return null;
            case 403:
                if (resolution.kind != Resolution.Kind.TOKEN || !cookieOnUnsafe) {
                    return "403 for a request without a cookie token on an unsafe method";
                }
                if (known != null && known.expect(target) != null && known.expect(target) != KnownToken.Expect.ACCEPT) {
                    return "403 for a token that must be refused before the origin check (" + known.expect(target)
                            + ")";
                }
                return null;
            case 503:
                if (resolution.kind != Resolution.Kind.TOKEN) {
                    return "503 for a request with " + resolution.kind;
                }
                if (known != null && known.expect(target) != null) {
                    return known.expect(target) == KnownToken.Expect.UNAVAILABLE
                            ? null
                            : "503 for a valid token (expected " + known.expect(target) + ")";
                }
                return target.name.equals("kid") || resolution.token.equals(jwt)
                        ? null
                        : "503 for a token that cannot reach the key source or revocation store";
            default:
                return "unexpected status " + response.status;
        }
    }

    /** The exact headers and body of each refusal the filter can write. */
    private static String refusalShape(Target target, FakeServlet.Response response) {
        int status = response.status;
        String body = response.body.toString(StandardCharsets.UTF_8);
        String challenge = response.header("WWW-Authenticate");
        String base = "Bearer realm=\"" + target.realm + "\"";
        Map<String, String> expected = new HashMap<>();
        expected.put("Cache-Control", "no-store");
        switch (status) {
            case 400:
                expected.put(
                        "WWW-Authenticate",
                        base + ", error=\"invalid_request\", error_description=\"The request is malformed\"");
                if (!INVALID_REQUEST_BODY.equals(body)) {
                    return "400 body " + body;
                }
                break;
            case 401:
                if (MISSING_TOKEN_BODY.equals(body)) {
                    expected.put("WWW-Authenticate", base);
                } else if (INVALID_TOKEN_BODY.equals(body)) {
                    expected.put(
                            "WWW-Authenticate",
                            base + ", error=\"invalid_token\", error_description=\"The access token is invalid\"");
                } else {
                    return "401 body " + body;
                }
                break;
            case 403:
                if (!FORBIDDEN_BODY.equals(body)) {
                    return "403 body " + body;
                }
                break;
            case 503:
                expected.put("Retry-After", "5");
                if (!UNAVAILABLE_BODY.equals(body)) {
                    return "503 body " + body;
                }
                break;
            default:
                return "refused with status " + status + " (chain not called), challenge " + challenge;
        }
        Map<String, String> actual = new HashMap<>();
        for (Map.Entry<String, List<String>> e : response.headers.entrySet()) {
            if (e.getValue().size() != 1) {
                return "header " + e.getKey() + " set " + e.getValue().size() + " times";
            }
            actual.put(e.getKey(), e.getValue().get(0));
        }
        if (!expected.equals(actual)) {
            return status + " with headers " + actual + ", expected " + expected;
        }
        return "application/json".equals(response.contentType) ? null : "content type " + response.contentType;
    }

    /** The chain was called with a principal: only a valid token may get there. */
    private static String accepted(
            Target target,
            FuzzRequest in,
            String jwt,
            Resolution resolution,
            FakeServlet.Request request,
            Downstream downstream) {
        if (resolution.kind != Resolution.Kind.TOKEN) {
            return "authenticated a request with " + resolution.kind;
        }
        String token = resolution.token;
        if (!JwtAuthFilter.AUTH_TYPE.equals(downstream.authType)
                || !downstream.principal.getName().equals(downstream.remoteUser)
                || request.attributes.get(JwtAuthFilter.CLAIMS_ATTRIBUTE) != downstream.claims) {
            return "downstream request inconsistent: authType " + downstream.authType + ", remoteUser "
                    + downstream.remoteUser;
        }
        if (resolution.fromCookie && !SAFE_METHODS.contains(in.method) && !trustedOrigin(in)) {
            return "cookie token on " + in.method + " let through from origin " + in.origins + " referer " + in.referer;
        }
        KnownToken known = KNOWN.get(token);
        if (known != null) {
            if (known.expect(target) != KnownToken.Expect.ACCEPT) {
                return "accepted a valid-signature token listed as " + known.byFilter + " on filter " + target.name;
            }
            return known.subject.equals(downstream.principal.getName())
                    ? null
                    : "principal " + downstream.principal.getName() + ", expected " + known.subject;
        }
        if (token.equals(jwt)) {
            return Policy.check(target, in.jwtSign, token, downstream.principal);
        }
        return "MALLEABILITY: accepted a token that is neither a listed valid token nor the one signed here: " + token;
    }

    /** A weak, independent check that an unsafe cookie request named a trusted origin. */
    private static boolean trustedOrigin(FuzzRequest in) {
        String claimed;
        if (!in.origins.isEmpty()) {
            if (in.origins.size() > 1) {
                return false;
            }
            claimed = in.origins.get(0);
        } else {
            claimed = in.referer;
        }
        if (claimed == null) {
            return false;
        }
        String lower = claimed.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("app.example.test") || lower.contains(FakeServlet.SERVER_NAME);
    }

    /** What the request carries, read with RFC 6750's rules and the filter's documented ones. */
    static final class Resolution {
        enum Kind {
            NONE,
            INVALID_REQUEST,
            TOKEN
        }

        final Kind kind;
        final String token;
        final boolean fromCookie;

        private Resolution(Kind kind, String token, boolean fromCookie) {
            this.kind = kind;
            this.token = token;
            this.fromCookie = fromCookie;
        }

        static Resolution of(List<String> authorization, List<Cookie> cookies) {
            String header = null;
            if (authorization.size() > 1) {
                return new Resolution(Kind.INVALID_REQUEST, null, false);
            }
            if (authorization.size() == 1) {
                String value = authorization.get(0).strip();
                int space = value.indexOf(' ');
                String scheme = space < 0 ? value : value.substring(0, space);
                if (scheme.equalsIgnoreCase("Bearer")) {
                    header = space < 0 ? "" : value.substring(space + 1).strip();
                    if (header.isEmpty()) {
                        return new Resolution(Kind.INVALID_REQUEST, null, false);
                    }
                }
            }
            String cookie = null;
            int named = 0;
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    named++;
                    cookie = c.getValue();
                }
            }
            if (named > 1 || (header != null && cookie != null && !cookie.isEmpty())) {
                return new Resolution(Kind.INVALID_REQUEST, null, false);
            }
            if (header != null) {
                return new Resolution(Kind.TOKEN, header, false);
            }
            return cookie == null || cookie.isEmpty()
                    ? new Resolution(Kind.NONE, null, false)
                    : new Resolution(Kind.TOKEN, cookie, true);
        }
    }

    /** The rest of the chain: records what an application would see. */
    static final class Downstream implements FilterChain {
        int calls;
        JwtPrincipal principal;
        String remoteUser;
        String authType;
        Object claims;

        @Override
        public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
            calls++;
            HttpServletRequest r = (HttpServletRequest) req;
            if (r.getUserPrincipal() == null) {
                return;
            }
            principal = (JwtPrincipal) r.getUserPrincipal();
            remoteUser = r.getRemoteUser();
            authType = r.getAuthType();
            claims = r.getAttribute(JwtAuthFilter.CLAIMS_ATTRIBUTE);
            // what an application does with it: none of this may throw
            r.isUserInRole("admin");
            principal.getRoles().forEach(String::length);
            principal.getClaims().forEach((k, v) -> String.valueOf(v));
        }
    }

    /** One configured filter the input can pick. */
    static final class Target {
        final String name;
        final String realm;
        final boolean excludesPublic;
        final JwtAuthFilter filter;

        Target(String name, String realm, boolean excludesPublic, JwtAuthConfig config, String contextPath) {
            this.name = name;
            this.realm = realm;
            this.excludesPublic = excludesPublic;
            this.filter = new JwtAuthFilter(config);
            try {
                filter.init(FakeServlet.filterConfig("fuzz-" + name, contextPath));
            } catch (ServletException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The three filters: fixed asymmetric keys, keys by kid, and HMAC. */
    static final class Targets {
        private Targets() {}

        static Map<String, Target> build() {
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            InMemoryRevocationStore revoked = new InMemoryRevocationStore(clock);
            revoked.revoke(TestTokens.ISSUER, REVOKED_JTI, NOW.plusSeconds(3600));
            Map<String, Target> targets = new HashMap<>();
            targets.put(
                    "rs",
                    new Target(
                            "rs",
                            "api",
                            true,
                            JwtAuthConfig.builder()
                                    .issuer(TestTokens.ISSUER)
                                    .audience(TestTokens.AUDIENCE)
                                    .algorithms("RS256", "ES256")
                                    .publicKey(TestKeys.publicKey(TestKeys.RSA), TestKeys.publicKey(TestKeys.EC_P256))
                                    .excludePaths("/public/*")
                                    .allowedOrigins(TRUSTED_ORIGIN)
                                    .clock(clock)
                                    .revocationStore(new FailingStore(revoked))
                                    .build(),
                            ""));
            Map<String, PublicKey> byKid = Map.of(
                    "rsa", TestKeys.publicKey(TestKeys.RSA),
                    "ec", TestKeys.publicKey(TestKeys.EC_P256),
                    "rsa-other", TestKeys.publicKey(TestKeys.RSA_OTHER));
            targets.put(
                    "kid",
                    new Target(
                            "kid",
                            "fuzz",
                            false,
                            JwtAuthConfig.builder()
                                    .issuer(TestTokens.ISSUER)
                                    .audience(TestTokens.AUDIENCE)
                                    .algorithms("RS256", "ES256")
                                    .keySource((kid, alg) -> {
                                        if (OUTAGE_KID.equals(kid)) {
                                            throw new KeySourceException("key source down", null);
                                        }
                                        return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
                                    })
                                    .verifiedTokenCacheSize(0)
                                    .realm("fuzz")
                                    .clock(clock)
                                    .build(),
                            ""));
            targets.put(
                    "hs",
                    new Target(
                            "hs",
                            "/shop",
                            false,
                            JwtAuthConfig.builder()
                                    .issuer(TestTokens.ISSUER)
                                    .audience(TestTokens.AUDIENCE)
                                    .algorithms("HS256")
                                    .secret(TestKeys.hmacSecret())
                                    .maxTokenLength(1024)
                                    .clock(clock)
                                    .build(),
                            "/shop"));
            return Map.copyOf(targets);
        }
    }

    /** The in-memory store, failing for one jti as a store that is down would. */
    static final class FailingStore implements RevocationStore {
        private final RevocationStore delegate;

        FailingStore(RevocationStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isRevoked(TokenIdentity token) {
            if (STORE_OUTAGE_JTI.equals(token.jwtId())) {
                throw new IllegalStateException("revocation store down");
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

    /** Signs {@code $JWT} for an input: the fuzzer cannot forge signatures, the harness can. */
    static final class Signer {
        private static final Map<String, Algorithm> ALGORITHMS = Map.of(
                "HS256", Algorithm.HMAC256(TestKeys.hmacSecret()),
                "RS256", TestTokens.rs256(),
                "RS256-OTHER", TestTokens.rs256Other(),
                "ES256", Algorithm.ECDSA256(null, (ECPrivateKey) TestKeys.privateKey(TestKeys.EC_P256)));

        private Signer() {}

        /** The JWS {@code alg} a signing choice stands for, or null if there is no such choice. */
        static String jwsAlg(String sign) {
            switch (sign) {
                case "NONE":
                    return "none";
                case "RS256-OTHER":
                    return "RS256";
                default:
                    return ALGORITHMS.containsKey(sign) ? sign : null;
            }
        }

        /** The token, or null for an unknown signing choice. */
        static String sign(String sign, byte[] header, byte[] payload) {
            String alg = jwsAlg(sign);
            if (alg == null) {
                return null;
            }
            byte[] h = header != null
                    ? header
                    : ("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8);
            byte[] p = payload != null ? payload : defaultPayload().getBytes(StandardCharsets.UTF_8);
            String signingInput = TestTokens.b64(h) + "." + TestTokens.b64(p);
            Algorithm algorithm = ALGORITHMS.get(sign);
            if (algorithm == null) {
                return signingInput + ".";
            }
            byte[] signature = algorithm.sign(
                    TestTokens.b64(h).getBytes(StandardCharsets.US_ASCII),
                    TestTokens.b64(p).getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + TestTokens.b64(signature);
        }

        static String defaultPayload() {
            long now = NOW.getEpochSecond();
            return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                    + "\",\"sub\":\"fuzz\",\"jti\":\"fuzz-jti\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
        }
    }

    /**
     * When the filter accepted the token the harness signed: the policy its claims must meet, judged
     * with Jackson and plain comparisons, not with the filter's or java-jwt's code.
     */
    static final class Policy {
        private Policy() {}

        static String check(Target target, String sign, String token, JwtPrincipal principal) {
            String[] parts = token.split("\\.", -1);
            JsonNode header = strictObject(parts[0]);
            JsonNode payload = strictObject(parts[1]);
            if (header == null || payload == null) {
                return "accepted a signed token whose header or payload is not one strict UTF-8 JSON object: " + token;
            }
            JsonNode alg = header.get("alg");
            if (alg == null || !alg.isTextual() || !alg.asText().equals(Signer.jwsAlg(sign))) {
                return "accepted a " + sign + " signature under header alg " + alg;
            }
            if (header.has("crit")) {
                return "accepted a token with crit";
            }
            JsonNode kid = header.get("kid");
            String expectedKey = expectedSigner(target, alg.asText(), kid);
            if (!sign.equals(expectedKey)) {
                return "accepted a " + sign + " signature where the key for alg " + alg + " kid " + kid + " is "
                        + expectedKey;
            }
            JsonNode iss = payload.get("iss");
            if (iss == null || !iss.isTextual() || !iss.asText().equals(TestTokens.ISSUER)) {
                return "accepted iss " + iss;
            }
            if (!audienceMatches(payload.get("aud"))) {
                return "accepted aud " + payload.get("aud");
            }
            long now = NOW.getEpochSecond();
            JsonNode exp = payload.get("exp");
            if (exp == null || !exp.isNumber() || exp.asDouble() < now - LEEWAY_SECONDS - 1) {
                return "accepted exp " + exp;
            }
            for (String name : new String[] {"nbf", "iat"}) {
                JsonNode time = payload.get(name);
                if (time != null && (!time.isNumber() || time.asDouble() > now + LEEWAY_SECONDS + 1)) {
                    return "accepted " + name + " " + time;
                }
            }
            JsonNode sub = payload.get("sub");
            if (sub == null
                    || !sub.isTextual()
                    || sub.asText().isBlank()
                    || !sub.asText().equals(principal.getName())) {
                return "accepted sub " + sub + " as principal " + principal.getName();
            }
            JsonNode jti = payload.get("jti");
            if (jti == null || !jti.isTextual()) {
                return "accepted a token without a string jti, which the revocation store requires: " + jti;
            }
            if (target.name.equals("rs")
                    && (jti.asText().equals(REVOKED_JTI) || jti.asText().equals(STORE_OUTAGE_JTI))) {
                return "accepted jti " + jti + ", which is revoked or whose store is down";
            }
            return null;
        }

        /** Which signing choice holds the key a filter must use for this header, or null for none. */
        private static String expectedSigner(Target target, String alg, JsonNode kid) {
            switch (target.name) {
                case "rs":
                    return alg.equals("RS256") || alg.equals("ES256") ? alg : null;
                case "kid":
                    if (kid == null || !kid.isTextual()) {
                        return null;
                    }
                    switch (kid.asText()) {
                        case "rsa":
                            return alg.equals("RS256") ? "RS256" : null;
                        case "rsa-other":
                            return alg.equals("RS256") ? "RS256-OTHER" : null;
                        case "ec":
                            return alg.equals("ES256") ? "ES256" : null;
                        default:
                            return null;
                    }
                default:
                    return alg.equals("HS256") ? "HS256" : null;
            }
        }

        private static boolean audienceMatches(JsonNode aud) {
            if (aud == null) {
                return false;
            }
            if (aud.isTextual()) {
                return aud.asText().equals(TestTokens.AUDIENCE);
            }
            if (aud.isArray()) {
                for (JsonNode item : aud) {
                    if (item.isTextual() && item.asText().equals(TestTokens.AUDIENCE)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static JsonNode strictObject(String segment) {
            try {
                byte[] bytes = java.util.Base64.getUrlDecoder().decode(segment);
                String json = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                JsonNode node = STRICT_JSON.readTree(json);
                return node != null && node.isObject() ? node : null;
            } catch (CharacterCodingException | IllegalArgumentException e) {
                return null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** The valid-signature tokens listed in {@code valid-tokens.txt}, with what each filter must do with them. */
    static final class KnownToken {
        enum Expect {
            /** let through with {@link #subject} as principal (403 for a cookie on an unsafe method from elsewhere) */
            ACCEPT,
            /** a good signature the filter must still refuse with 401 (revoked, no jti) */
            REFUSE,
            /** refused with 503: its kid's key source or its jti's revocation store is down */
            UNAVAILABLE
        }

        final Map<String, Expect> byFilter;
        final String subject;

        private KnownToken(Map<String, Expect> byFilter, String subject) {
            this.byFilter = byFilter;
            this.subject = subject;
        }

        /** What the filter must do with this token, or null if it is not valid there (never let through). */
        Expect expect(Target target) {
            return byFilter.get(target.name);
        }

        /**
         * Lines {@code <filter>=<accept|refuse|unavailable>[,...] <sub> <token>}; {@code #} starts a
         * comment. A filter not named must not let the token through.
         */
        static Map<String, KnownToken> load() {
            String text;
            try (InputStream in = TokenPathFuzzTest.class.getResourceAsStream("valid-tokens.txt")) {
                if (in == null) {
                    throw new IllegalStateException("missing valid-tokens.txt next to TokenPathFuzzTest");
                }
                text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, KnownToken> known = new HashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.strip().split(" ");
                Map<String, Expect> byFilter = new HashMap<>();
                for (String pair : f[0].split(",")) {
                    String[] kv = pair.split("=");
                    byFilter.put(kv[0], Expect.valueOf(kv[1].toUpperCase(java.util.Locale.ROOT)));
                }
                known.put(f[2], new KnownToken(Map.copyOf(byFilter), f[1]));
            }
            return Map.copyOf(known);
        }
    }

    /**
     * Takes every record of the filter's logger (instead of the console, which would slow fuzzing
     * down) and checks each formatted line for the token and for line breaks.
     */
    static final class LogCheck extends Handler {
        private final List<String> lines = new ArrayList<>();
        private final SimpleFormatter formatter = new SimpleFormatter();
        /** Held so that the logger and its settings are not garbage-collected. */
        private Logger logger;

        static LogCheck install() {
            LogCheck check = new LogCheck();
            check.logger = Logger.getLogger(JwtAuthFilter.class.getName());
            check.logger.setUseParentHandlers(false);
            check.logger.setLevel(Level.ALL);
            check.logger.addHandler(check);
            return check;
        }

        void clear() {
            lines.clear();
        }

        /**
         * A token shaped like a JWT (with a dot, 16 chars or more) cannot occur by chance in the
         * constant log texts, reason codes and hex fingerprints; only the logged method can hold it
         * if the request's method does.
         */
        String problem(String token, String method) {
            boolean checkToken =
                    token != null && token.length() >= 16 && token.indexOf('.') >= 0 && !method.contains(token);
            for (String line : lines) {
                if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                    return "log line with a line break: " + line;
                }
                if (checkToken && line.contains(token)) {
                    return "log line with the token: " + line;
                }
            }
            return null;
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.formatMessage(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
