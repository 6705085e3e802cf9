package dev.jwtauthfilter.revocation.redis;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.Deployment;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The web application the container tests deploy: the filter registered by class name with
 * init-params exactly as {@code web.xml} would have them, {@code revocationStore=redis} and the URL
 * (with its password) behind a {@code file:} reference. Plus HTTP and token helpers.
 */
final class FilterApp {
    static final String CONTEXT = "/app";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private FilterApp() {}

    /**
     * The init-params of one application on this Redis.
     *
     * @param keyPrefix unique per test, so tests never see each other's keys
     * @param extra more {@code revocationStore.*} or filter params, name then value
     */
    static Map<String, String> params(TestRedis redis, String keyPrefix, String... extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("issuer", TestTokens.ISSUER);
        params.put("audience", TestTokens.AUDIENCE);
        params.put("algorithms", "RS256");
        params.put("publicKey", "classpath:/keys/" + TestKeys.RSA + "-public.pem");
        params.put("revocationStore", "redis");
        params.put("revocationStore.url", "file:" + urlFile(redis));
        params.put("revocationStore.keyPrefix", keyPrefix);
        for (int i = 0; i < extra.length; i += 2) {
            params.put(extra[i], extra[i + 1]);
        }
        return params;
    }

    static Deployment deployment(Map<String, String> params) {
        return Deployment.byInitParams(CONTEXT, params);
    }

    static String uniquePrefix() {
        return "it-" + UUID.randomUUID() + ":";
    }

    /** A valid RS256 token for this subject, issued now. */
    static String token(String subject) {
        return TestTokens.valid(Instant.now()).withSubject(subject).sign(TestTokens.rs256());
    }

    static DecodedJWT decode(String token) {
        return JWT.decode(token);
    }

    static HttpResponse<String> get(ContainerHarness node, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.origin() + CONTEXT + "/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int status(ContainerHarness node, String token) {
        return get(node, token).statusCode();
    }

    /** The store the filter published for logout code, as a servlet would fetch it. */
    static SharedRevocationStore store(ContainerHarness node) {
        return (SharedRevocationStore) node.contextAttribute(CONTEXT, JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE);
    }

    /**
     * Sends the token until the node answers it from its local cache (no MGET reaches Redis): the
     * node's change feed is subscribed and synced, and the "not revoked" answer is cached.
     */
    static void warm(ContainerHarness node, TestRedis redis, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (status(node, token) != 200) {
                throw new AssertionError("the token was refused while warming the cache");
            }
            long before = redis.calls("mget");
            if (status(node, token) == 200 && redis.calls("mget") == before) {
                return;
            }
            sleep(10);
        }
        throw new AssertionError("the node never answered from its cache");
    }

    /**
     * Polls the node until it answers the token with this status.
     *
     * @return how long it took from the call
     */
    static Duration pollUntil(ContainerHarness node, String token, int status, Duration limit) {
        long start = System.nanoTime();
        int last;
        while ((last = status(node, token)) != status) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("still " + last + " instead of " + status + " after " + limit);
            }
            sleep(2);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The URL with its password in a file of its own, as an operator keeps it out of web.xml. */
    private static Path urlFile(TestRedis redis) {
        try {
            Path dir = Files.createDirectories(
                    Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/redis-it"));
            Path file = dir.resolve("redis-url-" + UUID.randomUUID() + ".txt");
            Files.writeString(file, redis.uri() + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
