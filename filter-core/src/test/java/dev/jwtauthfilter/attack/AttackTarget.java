package dev.jwtauthfilter.attack;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.audit.LoggingAuditListener;
import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.Deployment;
import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.it.TomcatHarness;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.testsupport.InMemoryKeySource;
import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.JwksServer;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One real container (Jetty 12 or Tomcat 10.1) on 127.0.0.1 serving the applications the attacks
 * aim at, each configured by init-params as {@code web.xml} would, plus the servers an attack might
 * try to make the filter call: a JWKS server the {@code /jwks} application trusts, and a canary
 * that no request may ever reach. Started once per container kind and shared by every attack class
 * (see {@link AttackTargets}).
 */
final class AttackTarget implements AutoCloseable {
    /** RS256, the key as a PEM file, revocations in a store the tests can write to. */
    static final String RS256_APP = "/app";
    /** ES256 with the P-256 test key. */
    static final String ES256_APP = "/es";
    /** HS256 with the 64-byte test secret. */
    static final String HS256_APP = "/hs";
    /** RS256 and ES256, keys by {@code kid} from the JWKS server below. */
    static final String JWKS_APP = "/jwks";
    /** RS256, with a revocation store whose server is down: every token gets 503. */
    static final String STORE_DOWN_APP = "/store-down";
    /** RS256, keys by {@code kid} from an application {@code KeySource} that records every question. */
    static final String KEY_SOURCE_APP = "/keys";

    /** Trusted by {@link #RS256_APP} for cookie-authenticated unsafe requests, besides its own origin. */
    static final String TRUSTED_ORIGIN = "https://app.example.com";

    static final String EXCLUDED = "/public/*,*.css,/login";
    static final String JWKS_RSA_KID = "attack-jwks-rsa-5e0b";
    static final String JWKS_EC_KID = "attack-jwks-ec-93d1";
    static final String JWKS_RS384_ONLY_KID = "attack-jwks-rs384-c7aa";
    static final String JWKS_OCT_KID = "attack-jwks-oct-1f42";
    static final String KEY_SOURCE_KID = "attack-keys-rsa-2b7e";
    private static final String KEYS_ATTRIBUTE = "com.example.attack.signingKeys";

    private final Container kind;
    private final ContainerHarness harness;
    private final JwksServer jwksServer;
    private final Canary canary;
    private final InMemoryKeySource keySource = new InMemoryKeySource().put(KEY_SOURCE_KID, TestKeys.RSA);
    private final Map<String, Deployment> apps = new LinkedHashMap<>();
    private final Map<String, InMemoryRevocationStore> stores = new LinkedHashMap<>();
    private final Map<String, RecordingAuditListener> audits = new LinkedHashMap<>();

    private AttackTarget(Container kind) {
        this.kind = kind;
        this.harness = kind.newHarness();
        this.jwksServer = JwksServer.start()
                .publish(
                        Jwks.rsa(JWKS_RSA_KID, TestKeys.RSA),
                        Jwks.ec(JWKS_EC_KID, TestKeys.EC_P256),
                        Jwks.with(Jwks.rsa(JWKS_RS384_ONLY_KID, TestKeys.RSA_OTHER), "alg", "RS384"),
                        Jwks.oct(JWKS_OCT_KID, TestKeys.hmacSecret()));
        this.canary = Canary.start();
    }

    static AttackTarget start(Container kind) throws Exception {
        AttackTarget target = new AttackTarget(kind);
        try {
            target.deploy();
            return target;
        } catch (Exception | Error e) {
            try {
                target.close();
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    private void deploy() throws Exception {
        Map<String, String> rs256 = params("RS256", "publicKey", "classpath:/keys/" + TestKeys.RSA + "-public.pem");
        rs256.put("allowedOrigins", TRUSTED_ORIGIN);
        rs256.put("auditListener", LoggingAuditListener.class.getName());
        add(RS256_APP, rs256, true);
        add(ES256_APP, params("ES256", "publicKey", "classpath:/keys/" + TestKeys.EC_P256 + "-public.pem"), true);
        add(HS256_APP, params("HS256", "secret", "file:" + TestKeys.resourcePath(TestKeys.HMAC_FILE)), true);
        Map<String, String> jwks =
                params("RS256,ES256", "jwksUri", jwksServer.uri().toString());
        jwks.put("jwksConnectTimeoutMillis", "500");
        jwks.put("jwksReadTimeoutMillis", "1000");
        add(JWKS_APP, jwks, true);
        Deployment keys = Deployment.byInitParams(KEY_SOURCE_APP, params("RS256", "keySource", KEYS_ATTRIBUTE))
                .withListener(new Publish(KEYS_ATTRIBUTE, keySource));
        apps.put(KEY_SOURCE_APP, audited(KEY_SOURCE_APP, keys));
        Deployment storeDown = Deployment.byInitParams(
                        STORE_DOWN_APP, params("RS256", "publicKey", "classpath:/keys/" + TestKeys.RSA + "-public.pem"))
                .withContextAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, new UnreachableStore());
        apps.put(STORE_DOWN_APP, audited(STORE_DOWN_APP, storeDown));
        harness.start(List.copyOf(apps.values()));
    }

    private void add(String contextPath, Map<String, String> params, boolean withStore) {
        Deployment d = Deployment.byInitParams(contextPath, params);
        if (withStore) {
            InMemoryRevocationStore store = new InMemoryRevocationStore();
            stores.put(contextPath, store);
            d = d.withContextAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, store);
        }
        apps.put(contextPath, audited(contextPath, d));
    }

    /** Every application reports its decisions to a recorder published as a context attribute. */
    private Deployment audited(String contextPath, Deployment d) {
        RecordingAuditListener audit = new RecordingAuditListener();
        audits.put(contextPath, audit);
        return d.withContextAttribute(JwtAuthFilter.AUDIT_LISTENER_ATTRIBUTE, audit);
    }

    private static Map<String, String> params(String algorithms, String keyParam, String keyValue) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("issuer", TestTokens.ISSUER);
        params.put("audience", TestTokens.AUDIENCE);
        params.put("algorithms", algorithms);
        params.put(keyParam, keyValue);
        params.put("excludePaths", EXCLUDED);
        return params;
    }

    Container kind() {
        return kind;
    }

    Deployment app(String contextPath) {
        Deployment d = apps.get(contextPath);
        if (d == null) {
            throw new IllegalArgumentException("no application at " + contextPath);
        }
        return d;
    }

    /** The revocation store of an application (all but {@link #KEY_SOURCE_APP} have one). */
    InMemoryRevocationStore store(String contextPath) {
        return stores.get(contextPath);
    }

    /** The audit events of an application. */
    RecordingAuditListener audit(String contextPath) {
        return audits.get(contextPath);
    }

    /** Every {@code "<kid> <alg>"} the {@link #KEY_SOURCE_APP} filter asked its key source. */
    InMemoryKeySource keySource() {
        return keySource;
    }

    JwksServer jwksServer() {
        return jwksServer;
    }

    /** A listener that counts connections; attacks that name it (jku, x5u) must never reach it. */
    Canary canary() {
        return canary;
    }

    /** {@code http://127.0.0.1:port} of the container. */
    URI origin() {
        return harness.origin();
    }

    int port() {
        return harness.localPort();
    }

    @Override
    public void close() throws IOException {
        try {
            harness.stop();
        } catch (Exception e) {
            throw new IOException("the " + kind + " container did not stop cleanly", e);
        } finally {
            jwksServer.close();
            canary.close();
        }
    }

    /** The container kinds every attack runs on. */
    enum Container {
        JETTY(JettyHarness::new),
        /** With the error pages README advises (Tomcat's default quotes a refused header line). */
        TOMCAT(() -> new TomcatHarness().quietErrorPages());

        private final Supplier<ContainerHarness> factory;

        Container(Supplier<ContainerHarness> factory) {
            this.factory = factory;
        }

        ContainerHarness newHarness() {
            return factory.get();
        }
    }

    /** A remote store whose server cannot be reached. */
    private static final class UnreachableStore implements RevocationStore {
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

    /** Publishes an application object in a context attribute before filters start. */
    private record Publish(String attribute, KeySource value) implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            event.getServletContext().setAttribute(attribute, value);
        }
    }
}
