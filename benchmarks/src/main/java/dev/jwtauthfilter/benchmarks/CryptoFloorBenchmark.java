package dev.jwtauthfilter.benchmarks;

import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * The floor: what the JDK's own primitives cost to check one typical token's signature, with
 * nothing else (no parsing, no base64, no JSON, no claims). Each method checks the real signature
 * of the {@link BenchTokens} token of its algorithm over that token's {@code header.payload} bytes;
 * the three signing inputs have the same length and shape. The {@code Mac} and {@code Signature}
 * objects are created and initialised once, so only the per-token work is measured.
 *
 * <ul>
 *   <li>{@code hmacSha256}: {@code javax.crypto.Mac} HmacSHA256 over the signing input, compared in
 *       constant time with the token's MAC;
 *   <li>{@code rsa2048Verify}: {@code java.security.Signature} SHA256withRSA, 2048-bit key;
 *   <li>{@code ecdsaP256Verify}: SHA256withECDSAinP1363Format, P-256 (a JWS ES256 signature is R ||
 *       S, the P1363 format, so no DER conversion is needed).
 * </ul>
 */
@State(Scope.Thread)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoFloorBenchmark {
    private byte[] hmacInput;
    private byte[] hmacExpected;
    private Mac mac;

    private byte[] rsaInput;
    private byte[] rsaSignature;
    private Signature rsa;

    private byte[] ecInput;
    private byte[] ecSignature;
    private Signature ecdsa;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchTokens hs = BenchTokens.create("HS256");
        hmacInput = hs.signingInput;
        hmacExpected = hs.signature;
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hs.secret, "HmacSHA256"));

        BenchTokens rs = BenchTokens.create("RS256");
        rsaInput = rs.signingInput;
        rsaSignature = rs.signature;
        rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(rs.publicKey);

        BenchTokens es = BenchTokens.create("ES256");
        ecInput = es.signingInput;
        ecSignature = es.signature;
        ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initVerify(es.publicKey);

        if (hmacInput.length != rsaInput.length || rsaInput.length != ecInput.length) {
            throw new IllegalStateException("the three signing inputs should have the same length");
        }
        // A floor that does not verify would be a meaningless number.
        if (!hmacSha256() || !rsa2048Verify() || !ecdsaP256Verify()) {
            throw new IllegalStateException("a raw primitive rejected its token's signature");
        }
    }

    /** Raw HMAC-SHA256 over {@code header.payload}, checked against the token's MAC. */
    @Benchmark
    public boolean hmacSha256() {
        return MessageDigest.isEqual(mac.doFinal(hmacInput), hmacExpected);
    }

    /** Raw RSA-2048 PKCS#1 v1.5 SHA-256 verification of {@code header.payload}. */
    @Benchmark
    public boolean rsa2048Verify() throws SignatureException {
        rsa.update(rsaInput);
        return rsa.verify(rsaSignature);
    }

    /** Raw ECDSA P-256 SHA-256 verification of {@code header.payload} (signature R || S). */
    @Benchmark
    public boolean ecdsaP256Verify() throws SignatureException {
        ecdsa.update(ecInput);
        return ecdsa.verify(ecSignature);
    }
}
