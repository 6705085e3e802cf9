package dev.jwtauthfilter.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import dev.jwtauthfilter.verify.TokenVerifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the cold HS256 path spends its time beyond java-jwt: java-jwt's decode alone, java-jwt's
 * full verify, and the filter's {@link TokenVerifier} (the strict format rules of RFC 8725 that
 * java-jwt leaves out, then java-jwt, then the {@code crit}/{@code exp: null}/date-type checks).
 * The rest of {@link FilterPathBenchmark}'s cold figure is the request pipeline (token resolution,
 * principal, revocation lookup, wrapping).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class VerifierBreakdownBenchmark {
    private String token;
    private JWTVerifier javaJwt;
    private TokenVerifier ours;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchTokens tokens = BenchTokens.create("HS256");
        token = tokens.token;
        javaJwt = JWT.require(tokens.javaJwtAlgorithm())
                .withIssuer(BenchTokens.ISSUER)
                .withAudience(BenchTokens.AUDIENCE)
                .build();
        ours = new TokenVerifier(tokens.filterConfig().build());
        ours.verify(token); // throws if the set-up is wrong
        javaJwt.verify(token);
    }

    @Benchmark
    public Object javaJwtDecodeOnly() {
        return JWT.decode(token);
    }

    @Benchmark
    public Object javaJwtVerify() {
        return javaJwt.verify(token);
    }

    @Benchmark
    public Object filterTokenVerifier() throws Exception {
        return ours.verify(token);
    }
}
