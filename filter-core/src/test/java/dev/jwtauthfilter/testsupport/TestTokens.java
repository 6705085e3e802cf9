package dev.jwtauthfilter.testsupport;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints tokens for tests with the test-only keys. {@link #valid} gives a token the standard test
 * configuration accepts; {@link #raw} signs arbitrary header and payload JSON, for the malformed
 * cases java-jwt's builder would refuse to produce.
 */
public final class TestTokens {
    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "test-api";

    private TestTokens() {}

    /** A builder pre-filled with iss, aud, sub=alice, roles=[user], jti, iat=now, exp=now+10min. */
    public static JWTCreator.Builder valid(Instant now) {
        return JWT.create()
                .withIssuer(ISSUER)
                .withAudience(AUDIENCE)
                .withSubject("alice")
                .withArrayClaim("roles", new String[] {"user"})
                .withJWTId(UUID.randomUUID().toString())
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(600));
    }

    public static Algorithm rs256() {
        return Algorithm.RSA256(null, (RSAPrivateKey) TestKeys.privateKey(TestKeys.RSA));
    }

    public static Algorithm rs256Other() {
        return Algorithm.RSA256(null, (RSAPrivateKey) TestKeys.privateKey(TestKeys.RSA_OTHER));
    }

    public static Algorithm es256() {
        return Algorithm.ECDSA256(null, (ECPrivateKey) TestKeys.privateKey(TestKeys.EC_P256));
    }

    public static Algorithm hs256() {
        return Algorithm.HMAC256(TestKeys.hmacSecret());
    }

    /** A valid RS256 token for the standard test configuration. */
    public static String rsaToken(Instant now) {
        return valid(now).sign(rs256());
    }

    public static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** header.payload, unsigned. */
    public static String signingInput(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson);
    }

    /** Signs raw JSON with RS256 and the test RSA key, whatever the header says. */
    public static String rawRs256(String headerJson, String payloadJson) {
        String input = signingInput(headerJson, payloadJson);
        return input + "." + b64(sign("SHA256withRSA", TestKeys.privateKey(TestKeys.RSA), input));
    }

    /** Signs raw JSON with HMAC-SHA256 under the given key bytes, whatever the header says. */
    public static String rawHs256(String headerJson, String payloadJson, byte[] key) {
        String input = signingInput(headerJson, payloadJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A standard payload as JSON, with the given extra members appended (e.g. {@code "exp":null}). */
    public static String payloadJson(Instant now, String extraMembers) {
        long iat = now.getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"alice\",\"jti\":\""
                + UUID.randomUUID() + "\",\"iat\":" + iat
                + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}";
    }

    private static byte[] sign(String alg, PrivateKey key, String input) {
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
