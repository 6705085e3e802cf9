package dev.jwtauthfilter.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.config.JwtAuthConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A minimal app for the wrk load test ({@code benchmarks/wrk/run.sh}): embedded Jetty 12 on 127.0.0.1
 * serving a tiny plain-text servlet at {@code /hello}, with {@link JwtAuthFilter} in front of it or not.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.jwtauthfilter.benchmarks.HelloServer MODE [cache=on|off]
 * [port=N] [ttl=SECONDS] [token-file=PATH]}
 *
 * <ul>
 *   <li>{@code MODE}: {@code none} (no filter: the unprotected baseline), {@code hs256}, {@code rs256}
 *       or {@code es256} (the filter, accepting that one algorithm);
 *   <li>{@code cache}: the filter's verified-token cache, {@code on} = 10,000 entries, {@code off} = 0
 *       (default {@code on}; ignored for {@code none});
 *   <li>{@code port}: 0 (default) picks a free port;
 *   <li>{@code ttl}: the lifetime of the printed token, default 900 s (a typical 15-minute access token);
 *       give at least the length of the run;
 *   <li>{@code token-file}: also writes the token to that file.
 * </ul>
 *
 * <p>Keys are generated in memory at start (HMAC 32 random bytes, RSA 2048, EC P-256) and never leave the
 * process; the server prints one valid token minted with them. Once it listens, it prints on stdout, one
 * {@code key=value} per line: {@code port=}, {@code url=}, {@code mode=}, {@code cache=}, {@code token=}
 * (empty for {@code none}), then the line {@code ready}. It runs until killed (SIGTERM stops Jetty cleanly).
 * No request log; Jetty's default thread pool and one connector, which is sane for loopback.
 */
public final class HelloServer {
    static final String ISSUER = "https://issuer.bench.example";
    static final String AUDIENCE = "bench-api";
    static final String KID = "bench-key-1";
    private static final byte[] BODY = "hello\n".getBytes(StandardCharsets.US_ASCII);

    private HelloServer() {}

    /** The answer of the protected resource: a few bytes of plain text. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain;charset=utf-8");
            res.setContentLength(BODY.length);
            res.getOutputStream().write(BODY);
        }
    }

    /** The filter configuration and a token it accepts. */
    record Protection(JwtAuthConfig config, String token) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].equals("-h") || args[0].equals("--help")) {
            usage(System.out);
            return;
        }
        String mode = args[0].toLowerCase(Locale.ROOT);
        Map<String, String> options = options(args);
        boolean cache = onOff(options.getOrDefault("cache", "on"));
        int port = Integer.parseInt(options.getOrDefault("port", "0"));
        long ttl = Long.parseLong(options.getOrDefault("ttl", "900"));
        if (ttl < 60) {
            throw new IllegalArgumentException("ttl must be at least 60 seconds: " + ttl);
        }

        Protection protection = mode.equals("none") ? null : protection(mode, cache, Instant.now(), ttl);

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        if (protection != null) {
            FilterHolder filter = new FilterHolder(new JwtAuthFilter(protection.config()));
            filter.setName("jwt");
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder("hello", new HelloServlet()), "/hello");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();

        String token = protection == null ? "" : protection.token();
        String tokenFile = options.get("token-file");
        if (tokenFile != null) {
            Files.writeString(Path.of(tokenFile), token + "\n", StandardCharsets.US_ASCII);
        }
        int actual = connector.getLocalPort();
        PrintStream out = System.out;
        out.println("port=" + actual);
        out.println("url=http://127.0.0.1:" + actual + "/hello");
        out.println("mode=" + mode);
        out.println("cache=" + (protection == null ? "n/a" : cache ? "on" : "off"));
        out.println("token=" + token);
        out.println("ready");
        out.flush();
        server.join();
    }

    /**
     * Builds the filter configuration for one algorithm, with keys generated now, and a typical access
     * token for it: header alg/typ/kid; claims iss, aud, sub, iat, exp, jti (random), roles.
     */
    static Protection protection(String mode, boolean cache, Instant now, long ttlSeconds)
            throws GeneralSecurityException {
        JwtAuthConfig.Builder config =
                JwtAuthConfig.builder().issuer(ISSUER).audience(AUDIENCE).verifiedTokenCacheSize(cache ? 10_000 : 0);
        Algorithm signer;
        switch (mode) {
            case "hs256" -> {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                config.algorithms("HS256").secret(secret);
                signer = Algorithm.HMAC256(secret);
            }
            case "rs256" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair pair = g.generateKeyPair();
                config.algorithms("RS256").publicKey(pair.getPublic());
                signer = Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
            }
            case "es256" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = g.generateKeyPair();
                config.algorithms("ES256").publicKey(pair.getPublic());
                signer = Algorithm.ECDSA256((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
            }
            default -> throw new IllegalArgumentException("mode must be none, hs256, rs256 or es256: " + mode);
        }
        String token = JWT.create()
                .withKeyId(KID)
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withSubject("user-4711")
                .withArrayClaim("roles", new String[] {"user"})
                .withJWTId(UUID.randomUUID().toString())
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(ttlSeconds))
                .sign(signer);
        return new Protection(config.build(), token);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got: " + args[i]);
            }
            String name = args[i].substring(0, eq);
            if (!name.equals("cache") && !name.equals("port") && !name.equals("ttl") && !name.equals("token-file")) {
                throw new IllegalArgumentException("unknown option: " + name);
            }
            options.put(name, args[i].substring(eq + 1));
        }
        return options;
    }

    private static boolean onOff(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("cache must be on or off: " + value);
        };
    }

    private static void usage(PrintStream out) {
        out.println("usage: HelloServer none|hs256|rs256|es256 [cache=on|off] [port=0] [ttl=900] [token-file=PATH]");
    }
}
