package dev.jwtauthfilter.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.jwtauthfilter.config.JwtAuthConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A typical access token for one algorithm, with the key that verifies it: generated in memory at
 * set-up (RSA 2048, EC P-256, a 32-byte HMAC secret), never stored. Every benchmark measures the
 * same shape of token: header {@code alg, typ, kid}, claims {@code iss, aud, sub, iat, exp} (15
 * minutes), a random {@code jti} and {@code roles: ["user"]}.
 */
final class BenchTokens {
    static final String ISSUER = "https://login.example.com";
    static final String AUDIENCE = "orders-api";
    static final String SUBJECT = "alice";
    static final String KEY_ID = "bench-key-1";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The JWS algorithm name: HS256, RS256 or ES256. */
    final String alg;
    /** The compact token. */
    final String token;
    /** {@code header.payload} as signed, in ASCII. */
    final byte[] signingInput;
    /** The signature as carried in the token (for ES256: R || S, 64 bytes). */
    final byte[] signature;
    /** The HMAC secret, or null for RS256 and ES256. */
    final byte[] secret;
    /** The public key, or null for HS256. */
    final PublicKey publicKey;

    private final Algorithm signer;

    private BenchTokens(String alg, Algorithm signer, byte[] secret, PublicKey publicKey) {
        this.alg = alg;
        this.signer = signer;
        String token = mint(signer);
        this.token = token;
        int lastDot = token.lastIndexOf('.');
        this.signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        this.signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        this.secret = secret;
        this.publicKey = publicKey;
    }

    /**
     * Generates a key and mints a typical token with it.
     *
     * @param alg HS256, RS256 or ES256
     * @return the token and its key
     * @throws GeneralSecurityException if the JDK cannot generate the key
     */
    static BenchTokens create(String alg) throws GeneralSecurityException {
        switch (alg) {
            case "HS256": {
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                return new BenchTokens(alg, Algorithm.HMAC256(secret), secret, null);
            }
            case "RS256": {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048, RANDOM);
                KeyPair pair = gen.generateKeyPair();
                Algorithm signer = Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
                return new BenchTokens(alg, signer, null, pair.getPublic());
            }
            case "ES256": {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
                gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                KeyPair pair = gen.generateKeyPair();
                Algorithm signer = Algorithm.ECDSA256((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
                return new BenchTokens(alg, signer, null, pair.getPublic());
            }
            default:
                throw new IllegalArgumentException("unknown algorithm " + alg);
        }
    }

    /**
     * Mints another typical token with the same key (its own {@code jti}), e.g. to fill a cache.
     *
     * @return a new compact token
     */
    String another() {
        return mint(signer);
    }

    private static String mint(Algorithm signer) {
        Instant now = Instant.now();
        return JWT.create()
                .withKeyId(KEY_ID)
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withSubject(SUBJECT)
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(15 * 60))
                .withJWTId(UUID.randomUUID().toString())
                .withClaim("roles", List.of("user"))
                .sign(signer);
    }

    /**
     * Starts a filter configuration that accepts this token: issuer, audience, algorithm and key.
     *
     * @return the builder, for the caller's other settings
     */
    JwtAuthConfig.Builder filterConfig() {
        JwtAuthConfig.Builder builder =
                JwtAuthConfig.builder().issuer(ISSUER).audience(AUDIENCE).algorithms(alg);
        return secret != null ? builder.secret(secret) : builder.publicKey(publicKey);
    }

    /** @return the java-jwt algorithm that verifies this token (verification only: no private key) */
    Algorithm javaJwtAlgorithm() {
        switch (alg) {
            case "HS256":
                return Algorithm.HMAC256(secret);
            case "RS256":
                return Algorithm.RSA256((RSAPublicKey) publicKey, null);
            default:
                return Algorithm.ECDSA256((ECPublicKey) publicKey, null);
        }
    }
}
