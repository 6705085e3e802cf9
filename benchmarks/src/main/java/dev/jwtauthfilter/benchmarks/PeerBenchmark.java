package dev.jwtauthfilter.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The same typical token verified by what a user would pick instead of the filter, each set up once
 * (keys, verifiers, parsers) and each checking signature, issuer, audience and expiry:
 *
 * <ul>
 *   <li>{@code springNimbusJwtDecoder}: Spring Security's {@code NimbusJwtDecoder}
 *       (spring-security-oauth2-jose), built with {@code withSecretKey} / {@code withPublicKey}
 *       and the default validators plus issuer and audience. Spring 6.5 has no builder for an EC
 *       public key, so ES256 uses {@code new NimbusJwtDecoder(processor)} with the processor the
 *       RSA builder would make (JWT type check, single-key selector, Spring's own claim checks);
 *   <li>{@code nimbus}: plain nimbus-jose-jwt, {@code SignedJWT.parse}, the algorithm check, {@code
 *       verify} with a {@code MACVerifier} / {@code RSASSAVerifier} / {@code ECDSAVerifier}, then
 *       {@code DefaultJWTClaimsVerifier} (issuer, audience, exp, nbf);
 *   <li>{@code jjwt}: {@code Jwts.parser().verifyWith(key).requireIssuer(..).requireAudience(..)}
 *       built once, {@code parseSignedClaims};
 *   <li>{@code javaJwt}: java-jwt alone, {@code JWT.require(alg).withIssuer(..).withAudience(..)}
 *       built once, {@code verify(token)}: the library the filter itself uses, without the filter.
 * </ul>
 *
 * <p>They all run on one class path: Spring's decoder runs on nimbus-jose-jwt 10.10 (Spring 6.5
 * declares 9.37), the version measured as plain nimbus. Set-up fails unless each accepts the token.
 */
@State(Scope.Thread)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PeerBenchmark {
    @Param({"HS256", "RS256", "ES256"})
    public String alg;

    private String token;
    private NimbusJwtDecoder spring;
    private JWSAlgorithm nimbusAlgorithm;
    private JWSVerifier nimbusVerifier;
    private DefaultJWTClaimsVerifier<SecurityContext> nimbusClaims;
    private JwtParser jjwtParser;
    private JWTVerifier javaJwtVerifier;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchTokens tokens = BenchTokens.create(alg);
        token = tokens.token;
        spring = springDecoder(tokens);
        nimbusAlgorithm = JWSAlgorithm.parse(alg);
        nimbusVerifier = nimbusVerifier(tokens);
        nimbusClaims = new DefaultJWTClaimsVerifier<>(
                BenchTokens.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(BenchTokens.ISSUER).build(),
                Set.of("exp", "sub"));
        JwtParserBuilder jjwt = Jwts.parser();
        if (tokens.secret != null) {
            jjwt.verifyWith(Keys.hmacShaKeyFor(tokens.secret));
        } else {
            jjwt.verifyWith(tokens.publicKey);
        }
        jjwtParser = jjwt.requireIssuer(BenchTokens.ISSUER)
                .requireAudience(BenchTokens.AUDIENCE)
                .build();
        javaJwtVerifier = JWT.require(tokens.javaJwtAlgorithm())
                .withIssuer(BenchTokens.ISSUER)
                .withAudience(BenchTokens.AUDIENCE)
                .build();

        // Each peer must accept the token, or its number means nothing.
        check("NimbusJwtDecoder", springNimbusJwtDecoder().getSubject());
        check("nimbus-jose-jwt", nimbus().getSubject());
        check("jjwt", jjwt().getSubject());
        check("java-jwt", javaJwt().getSubject());
    }

    private static void check(String peer, String subject) {
        if (!BenchTokens.SUBJECT.equals(subject)) {
            throw new IllegalStateException(peer + " returned subject " + subject);
        }
    }

    private static NimbusJwtDecoder springDecoder(BenchTokens tokens) throws JOSEException {
        NimbusJwtDecoder decoder;
        switch (tokens.alg) {
            case "HS256":
                decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(tokens.secret, "HmacSHA256"))
                        .macAlgorithm(MacAlgorithm.HS256)
                        .build();
                break;
            case "RS256":
                decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) tokens.publicKey)
                        .signatureAlgorithm(SignatureAlgorithm.RS256)
                        .build();
                break;
            default:
                // What NimbusJwtDecoder.withPublicKey(RSAPublicKey).build() makes, with an EC key.
                DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
                processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
                processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.ES256, tokens.publicKey));
                processor.setJWTClaimsSetVerifier((claims, context) -> {});
                decoder = new NimbusJwtDecoder(processor);
                break;
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(BenchTokens.ISSUER),
                new JwtAudienceValidator(BenchTokens.AUDIENCE)));
        return decoder;
    }

    private static JWSVerifier nimbusVerifier(BenchTokens tokens) throws JOSEException {
        switch (tokens.alg) {
            case "HS256":
                return new MACVerifier(tokens.secret);
            case "RS256":
                return new RSASSAVerifier((RSAPublicKey) tokens.publicKey);
            default:
                return new ECDSAVerifier((ECPublicKey) tokens.publicKey);
        }
    }

    /** Spring Security's {@code NimbusJwtDecoder.decode}: what a Spring resource server runs per request. */
    @Benchmark
    public Jwt springNimbusJwtDecoder() {
        return spring.decode(token);
    }

    /** Plain nimbus-jose-jwt: parse, algorithm check, signature, claims. */
    @Benchmark
    public JWTClaimsSet nimbus() throws ParseException, JOSEException, BadJOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!nimbusAlgorithm.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(nimbusVerifier)) {
            throw new BadJOSEException("signature rejected");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        nimbusClaims.verify(claims, null);
        return claims;
    }

    /** jjwt: {@code parseSignedClaims} with a parser built once. */
    @Benchmark
    public Claims jjwt() {
        return jjwtParser.parseSignedClaims(token).getPayload();
    }

    /** java-jwt alone: {@code JWTVerifier.verify} with a verifier built once. */
    @Benchmark
    public DecodedJWT javaJwt() {
        return javaJwtVerifier.verify(token);
    }
}
