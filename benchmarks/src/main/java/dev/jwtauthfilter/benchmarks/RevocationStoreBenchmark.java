package dev.jwtauthfilter.benchmarks;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStores;
import dev.jwtauthfilter.revocation.TokenIdentity;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * What the revocation check costs per request, and how fast revocations are written, for the
 * in-memory store and the shared stores on real servers (started here, on loopback), chosen through
 * the same {@code revocationStore} init-params as in {@code web.xml}. "cached" is the default (local
 * cache warm, kept fresh by the change feed); "uncached" sets {@code revocationStore.cacheSize=0},
 * one round trip per check.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RevocationStoreBenchmark {
    private static final String ISSUER = "https://issuer.example";
    private static final int REVOKED_BEFOREHAND = 1_000;
    private static final int DISTINCT_WRITES = 100_000;

    @Param({
        "memory",
        "redis-cached",
        "redis-uncached",
        "postgres-cached",
        "postgres-uncached",
        "h2-cached",
        "h2-uncached"
    })
    public String store;

    private RevocationStore revocations;
    private AutoCloseable server;
    private TokenIdentity live;
    private Instant expiresAt;
    private long writes;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Instant now = Instant.now();
        expiresAt = now.plusSeconds(900);
        live = new TokenIdentity(ISSUER, UUID.randomUUID().toString(), "alice", now, expiresAt);
        revocations = open(store);
        for (int i = 0; i < REVOKED_BEFOREHAND; i++) {
            revocations.revoke(ISSUER, UUID.randomUUID().toString(), expiresAt);
        }
        if (revocations.isRevoked(live)) {
            throw new IllegalStateException("the live token must not be revoked");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        revocations.close();
        if (server != null) {
            server.close();
        }
    }

    /** The question the filter asks on every request, for a token that is not revoked. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean notRevokedCheck() {
        return revocations.isRevoked(live);
    }

    /** A logout: one deny-list entry written (distinct ids, cycling so memory stays bounded). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void revoke() {
        revocations.revoke(ISSUER, "w" + (writes++ % DISTINCT_WRITES), expiresAt);
    }

    private RevocationStore open(String name) throws Exception {
        if (name.equals("memory")) {
            return new InMemoryRevocationStore();
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (name.startsWith("redis")) {
            Servers.Redis redis = Servers.redis();
            server = redis;
            params.put("revocationStore", "redis");
            params.put("revocationStore.url", redis.url());
        } else if (name.startsWith("postgres")) {
            EmbeddedPostgres pg = Servers.postgres();
            server = pg;
            params.put("revocationStore", "jdbc");
            params.put("revocationStore.url", Servers.postgresUrl(pg));
            params.put("revocationStore.user", "postgres");
            params.put("revocationStore.createTables", "true");
        } else if (name.startsWith("h2")) {
            params.put("revocationStore", "jdbc");
            params.put(
                    "revocationStore.url",
                    "jdbc:h2:file:" + Files.createTempDirectory("bench-h2").resolve("revocations"));
            params.put("revocationStore.createTables", "true");
        } else {
            throw new IllegalArgumentException(name);
        }
        if (name.endsWith("-uncached")) {
            params.put("revocationStore.cacheSize", "0");
        }
        return RevocationStores.fromInitParams(params, getClass().getClassLoader(), Clock.systemUTC())
                .orElseThrow();
    }
}
