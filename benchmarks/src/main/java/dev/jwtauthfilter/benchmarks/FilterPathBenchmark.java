package dev.jwtauthfilter.benchmarks;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.JwtAuthMetrics;
import dev.jwtauthfilter.revocation.RevocationStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The filter's whole per-request path, as a container calls it: {@code JwtAuthFilter.doFilter} with
 * a request carrying {@code Authorization: Bearer <token>} (resolve, format checks, signature and
 * claims, principal, revocation lookup in the default in-memory store holding 1,000 other revoked
 * tokens, request wrapping, claims attribute), into a chain that reads {@code getRemoteUser()}. The
 * filter is configured in code with its defaults (token from cookie or header, 30 s leeway) plus
 * issuer, audience, algorithm and key.
 *
 * <ul>
 *   <li>{@code cold}: {@code verifiedTokenCacheSize=0}, every request verifies the signature;
 *   <li>{@code warm}: {@code verifiedTokenCacheSize=10000} (also for HS256, whose default is off),
 *       the same token on every request, so every request after the first is a cache hit (expiry
 *       and revocation still checked).
 * </ul>
 *
 * <p>The servlet objects are the hand-written {@link ServletStubs} (no container, no mocks), reused
 * across requests as a container recycles its own. Set-up sends one request and fails unless the
 * chain saw the principal and the response stayed 200; tear-down checks every request got through.
 */
@State(Scope.Thread)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FilterPathBenchmark {
    private static final int OTHER_REVOKED_TOKENS = 1_000;
    private static final int WARM_CACHE_SIZE = 10_000;

    @Param({"HS256", "RS256", "ES256"})
    public String alg;

    @Param({"cold", "warm"})
    public String cache;

    private JwtAuthFilter filter;
    private ServletStubs.Request request;
    private ServletStubs.Response response;
    private ConsumingChain chain;

    /** The application behind the filter: reads the authenticated user, as a servlet would. */
    static final class ConsumingChain implements FilterChain {
        String user;
        long calls;

        @Override
        public void doFilter(ServletRequest req, ServletResponse res) throws IOException, ServletException {
            user = ((HttpServletRequest) req).getRemoteUser();
            calls++;
        }
    }

    private ServletStubs.Context context;
    private long hitsAtStart;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchTokens tokens = BenchTokens.create(alg);
        int cacheSize;
        switch (cache) {
            case "cold":
                cacheSize = 0;
                break;
            case "warm":
                cacheSize = WARM_CACHE_SIZE;
                break;
            default:
                throw new IllegalArgumentException("cache must be cold or warm, not " + cache);
        }
        filter = new JwtAuthFilter(
                tokens.filterConfig().verifiedTokenCacheSize(cacheSize).build());
        context = new ServletStubs.Context();
        filter.init(new ServletStubs.Config("jwt", context));

        // The default store the filter made at init: give it a realistic deny-list.
        RevocationStore store = (RevocationStore) context.getAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
        Instant later = Instant.now().plusSeconds(3600);
        for (int i = 0; i < OTHER_REVOKED_TOKENS; i++) {
            store.revoke(BenchTokens.ISSUER, UUID.randomUUID().toString(), later);
        }

        request = new ServletStubs.Request("GET", "/hello", "Bearer " + tokens.token);
        response = new ServletStubs.Response();
        chain = new ConsumingChain();

        // One real request: a broken set-up must fail here, not produce a fast, meaningless number.
        filter.doFilter(request, response, chain);
        if (!BenchTokens.SUBJECT.equals(chain.user) || response.getStatus() != 200 || chain.calls != 1) {
            throw new IllegalStateException("the filter did not authenticate the " + alg + " token: status "
                    + response.getStatus() + ", chain called " + chain.calls + " time(s), user " + chain.user);
        }
        if (!(request.getAttribute(JwtAuthFilter.CLAIMS_ATTRIBUTE) instanceof java.util.Map)) {
            throw new IllegalStateException("the filter did not publish the claims attribute");
        }
        chain.calls = 0;
        hitsAtStart = metrics().snapshot().verifiedTokenCacheHits();
    }

    private JwtAuthMetrics metrics() {
        return (JwtAuthMetrics) context.getAttribute(JwtAuthFilter.METRICS_ATTRIBUTE);
    }

    @TearDown(Level.Iteration)
    public void everyRequestGotThrough() {
        if (response.getStatus() != 200 || !BenchTokens.SUBJECT.equals(chain.user)) {
            throw new IllegalStateException(
                    "the filter refused a request during the run: status " + response.getStatus());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long hits = metrics().snapshot().verifiedTokenCacheHits() - hitsAtStart;
        if (cache.equals("warm") ? hits == 0 : hits != 0) {
            throw new IllegalStateException("a " + cache + " run had " + hits + " verified-token cache hits");
        }
        filter.destroy();
    }

    /** One request through the filter into the chain; returns what the application saw. */
    @Benchmark
    public String doFilter() throws IOException, ServletException {
        filter.doFilter(request, response, chain);
        return chain.user;
    }
}
