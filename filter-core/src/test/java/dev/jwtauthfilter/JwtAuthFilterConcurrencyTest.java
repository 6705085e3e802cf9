package dev.jwtauthfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.testsupport.CapturingOutputStream;
import dev.jwtauthfilter.testsupport.Concurrently;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One filter instance, many threads: valid, expired, tampered and revoked tokens interleaved, every
 * outcome checked. Requests and responses are small hand-written fakes (one per call), since
 * Mockito records every invocation and is not meant for this.
 */
class JwtAuthFilterConcurrencyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final int THREADS = 16;
    private static final int CALLS_PER_THREAD = 200;
    private static final int SUBJECTS = 8;
    private static final String INVALID_TOKEN_CHALLENGE =
            "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token is invalid\"";

    private enum Kind {
        VALID,
        EXPIRED,
        TAMPERED,
        REVOKED
    }

    @Test
    void doFilterFromManyThreadsOnOneInstanceGivesEveryRequestItsOwnCorrectOutcome() throws Exception {
        InMemoryRevocationStore store = new InMemoryRevocationStore(Clock.fixed(NOW, ZoneOffset.UTC));
        JwtAuthFilter filter = new JwtAuthFilter(JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("RS256")
                .publicKey(TestKeys.publicKey(TestKeys.RSA))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .revocationStore(store)
                .build());
        filter.init(filterConfig());
        Map<Kind, List<String>> tokens = tokens(store);

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Concurrently.run(THREADS, Duration.ofSeconds(120), thread -> {
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                Kind kind = Kind.values()[(thread + i) % Kind.values().length];
                int subject = (thread * 7 + i) % SUBJECTS;
                String outcome = call(filter, kind, subject, tokens.get(kind).get(subject));
                if (outcome != null) {
                    failures.add("thread " + thread + " call " + i + " " + kind + " user-" + subject + ": " + outcome);
                } else if (kind == Kind.VALID) {
                    passed.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            }
        });

        assertEquals(List.of(), List.copyOf(failures));
        int total = THREADS * CALLS_PER_THREAD;
        assertEquals(List.of(total / 4, total * 3 / 4), List.of(passed.get(), refused.get()));
    }

    /** Runs one request; returns null if its outcome is right, else what went wrong. */
    private static String call(JwtAuthFilter filter, Kind kind, int subject, String token) throws Exception {
        FakeRequest request = new FakeRequest(token);
        FakeResponse response = new FakeResponse();
        List<HttpServletRequest> seen = new ArrayList<>();
        FilterChain chain = (req, res) -> seen.add((HttpServletRequest) req);

        filter.doFilter(request.proxy(), response.proxy(), chain);

        if (kind == Kind.VALID) {
            if (seen.size() != 1) {
                return "chain called " + seen.size() + " times, status " + response.status;
            }
            HttpServletRequest downstream = seen.get(0);
            String expected = "user-" + subject;
            if (!expected.equals(downstream.getRemoteUser())
                    || !downstream.isUserInRole("role-" + subject)
                    || downstream.isUserInRole("role-" + ((subject + 1) % SUBJECTS))) {
                return "downstream saw " + downstream.getUserPrincipal();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> claims = (Map<String, Object>) request.attributes.get(JwtAuthFilter.CLAIMS_ATTRIBUTE);
            if (claims == null || !expected.equals(claims.get("sub"))) {
                return "claims attribute " + claims;
            }
            return response.status == 0 ? null : "status " + response.status;
        }
        if (!seen.isEmpty()) {
            return "chain called for a refused token";
        }
        if (response.status != 401 || !INVALID_TOKEN_CHALLENGE.equals(response.headers.get("WWW-Authenticate"))) {
            return "status " + response.status + " challenge " + response.headers.get("WWW-Authenticate");
        }
        return null;
    }

    /** Per kind, one token per subject user-0..user-7 (each holding role-N). */
    private static Map<Kind, List<String>> tokens(InMemoryRevocationStore store) {
        Map<Kind, List<String>> tokens = new HashMap<>();
        for (Kind kind : Kind.values()) {
            List<String> list = new ArrayList<>();
            for (int s = 0; s < SUBJECTS; s++) {
                Instant issued = kind == Kind.EXPIRED ? NOW.minusSeconds(3600) : NOW;
                String jti = kind + "-" + s;
                String token = TestTokens.valid(issued)
                        .withSubject("user-" + s)
                        .withArrayClaim("roles", new String[] {"role-" + s})
                        .withJWTId(jti)
                        .sign(TestTokens.rs256());
                if (kind == Kind.TAMPERED) {
                    String[] parts = token.split("\\.");
                    String payload = new String(
                            java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
                    token = parts[0] + "." + TestTokens.b64(payload.replace("role-" + s, "admin")) + "." + parts[2];
                }
                if (kind == Kind.REVOKED) {
                    store.revoke(TestTokens.ISSUER, jti, NOW.plusSeconds(600));
                }
                list.add(token);
            }
            tokens.put(kind, List.copyOf(list));
        }
        return tokens;
    }

    private static FilterConfig filterConfig() {
        FilterConfig config = mock(FilterConfig.class);
        ServletContext context = mock(ServletContext.class);
        when(config.getServletContext()).thenReturn(context);
        when(config.getFilterName()).thenReturn("jwt");
        when(context.getContextPath()).thenReturn("");
        return config;
    }

    /** Answers what the filter asks of a GET with a Bearer token; anything else fails loudly. */
    private static final class FakeRequest implements InvocationHandler {
        private final String token;
        private final Map<String, Object> attributes = new HashMap<>();

        FakeRequest(String token) {
            this.token = token;
        }

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(
                    HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "getServletPath":
                    return "/api/orders";
                case "getPathInfo":
                case "getCookies":
                case "getHeader":
                    return null;
                case "getMethod":
                    return "GET";
                case "getContextPath":
                    return "";
                case "getHeaders":
                    return "Authorization".equalsIgnoreCase((String) args[0])
                            ? Collections.enumeration(List.of("Bearer " + token))
                            : Collections.emptyEnumeration();
                case "setAttribute":
                    attributes.put((String) args[0], args[1]);
                    return null;
                case "getAttribute":
                    return attributes.get((String) args[0]);
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "FakeRequest";
                default:
                    throw new UnsupportedOperationException("FakeRequest." + method.getName());
            }
        }
    }

    /** Records status, headers and body. */
    private static final class FakeResponse implements InvocationHandler {
        private final Map<String, String> headers = new HashMap<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(
                    HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "setStatus":
                    status = (Integer) args[0];
                    return null;
                case "setHeader":
                    headers.put((String) args[0], (String) args[1]);
                    return null;
                case "setContentType":
                case "setContentLength":
                    return null;
                case "getOutputStream":
                    return new CapturingOutputStream(body);
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "FakeResponse";
                default:
                    throw new UnsupportedOperationException("FakeResponse." + method.getName());
            }
        }
    }
}
