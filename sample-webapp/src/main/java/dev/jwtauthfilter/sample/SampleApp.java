package dev.jwtauthfilter.sample;

import com.auth0.jwt.algorithms.Algorithm;
import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.config.JwtAuthConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.EnumSet;

/**
 * Starts the sample: generates an ES256 key pair for the demo issuer (a fresh one per start, so no
 * key is ever committed), then registers the filter with the public key and the servlets.
 */
public final class SampleApp implements ServletContextListener {
    static final String ISSUER = "urn:jwt-auth-filter:sample";
    static final String AUDIENCE = "sample-webapp";

    /** Creates the listener; the container calls it. */
    public SampleApp() {}

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        KeyPair keys = generateEs256Keys();
        JwtAuthConfig config = JwtAuthConfig.builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .algorithms("ES256")
                .publicKey(keys.getPublic())
                .excludePaths("/", "/index.html", "/demo-token", "*.css")
                .build();
        FilterRegistration.Dynamic filter = context.addFilter("jwt", new JwtAuthFilter(config));
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");

        Algorithm signer = Algorithm.ECDSA256((ECPublicKey) keys.getPublic(), (ECPrivateKey) keys.getPrivate());
        context.addServlet("demo-token", new DemoTokenServlet(signer)).addMapping("/demo-token");
        context.addServlet("me", new MeServlet()).addMapping("/api/me");
    }

    private static KeyPair generateEs256Keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate a P-256 key", e);
        }
    }
}
