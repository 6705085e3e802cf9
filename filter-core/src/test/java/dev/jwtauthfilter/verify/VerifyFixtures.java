package dev.jwtauthfilter.verify;

import com.auth0.jwt.JWTCreator;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/** A fixed instant, the configurations and the token shapes the verify tests share. */
final class VerifyFixtures {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final int LEEWAY = 30;
    static final String RS256_HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

    private VerifyFixtures() {}

    /** RS256 only, the test RSA key, the test issuer and audience, a leeway of 30 s, the fixed clock. */
    static JwtAuthConfig.Builder rsaConfig() {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("RS256")
                .publicKey(TestKeys.publicKey(TestKeys.RSA))
                .leewaySeconds(LEEWAY)
                .clock(CLOCK);
    }

    static TokenVerifier rsaVerifier() {
        return new TokenVerifier(rsaConfig().build());
    }

    /** A token the standard RS256 configuration accepts at {@link #NOW}. */
    static String validRs256() {
        return TestTokens.valid(NOW).sign(TestTokens.rs256());
    }

    static String rs256(JWTCreator.Builder builder) {
        return builder.sign(TestTokens.rs256());
    }

    /** The standard payload (iss, aud, sub, jti, iat = NOW) plus the given members, RS256-signed. */
    static String rs256Payload(String extraMembers) {
        return TestTokens.rawRs256(RS256_HEADER, TestTokens.payloadJson(NOW, extraMembers));
    }

    /** The standard payload plus an exp 10 minutes after {@link #NOW}, signed with an arbitrary header. */
    static String rs256Header(String headerJson) {
        return TestTokens.rawRs256(headerJson, TestTokens.payloadJson(NOW, expIn(600)));
    }

    /** {@code "exp":<NOW + seconds>} */
    static String expIn(long seconds) {
        return "\"exp\":" + NOW.plusSeconds(seconds).getEpochSecond();
    }

    /** Signs raw header and payload bytes (which may be invalid UTF-8) with RS256 and the test RSA key. */
    static String rs256Bytes(byte[] header, byte[] payload) {
        String input = b64(header) + "." + b64(payload);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(TestKeys.privateKey(TestKeys.RSA));
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String header(String token) {
        return token.substring(0, token.indexOf('.'));
    }

    static String payload(String token) {
        return token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
    }

    static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    /**
     * Flips the lowest bit of the last character's 6-bit value. For a segment whose length mod 4 is 2
     * or 3 that bit is unused, so {@code Base64.getUrlDecoder()} decodes the result to the same bytes.
     */
    static String flipUnusedLowBitOfLastChar(String segment) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = segment.charAt(segment.length() - 1);
        int sextet = alphabet.indexOf(last);
        return segment.substring(0, segment.length() - 1) + alphabet.charAt(sextet ^ 1);
    }

    /** Replaces the character at {@code index} of the token. */
    static String replaceAt(String token, int index, char c) {
        return token.substring(0, index) + c + token.substring(index + 1);
    }

    /** Replaces the {@code i} of "alice" by the given raw bytes. */
    static byte[] withBytesInsideSub(String json, byte[] bad) {
        String marker = "alice";
        int at = json.indexOf(marker);
        byte[] before = json.substring(0, at + 2).getBytes(StandardCharsets.UTF_8);
        byte[] after = json.substring(at + 3).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[before.length + bad.length + after.length];
        System.arraycopy(before, 0, out, 0, before.length);
        System.arraycopy(bad, 0, out, before.length, bad.length);
        System.arraycopy(after, 0, out, before.length + bad.length, after.length);
        return out;
    }

    // Well-signed variants java-jwt accepts but the strict format check must refuse.

    /** The token with its last signature character changed so that it decodes to the same bytes. */
    static String withNonCanonicalSignature(String token) {
        return token.substring(0, token.lastIndexOf('.') + 1) + flipUnusedLowBitOfLastChar(signature(token));
    }

    /** The standard payload, exp in 10 minutes, with "sub" given a second time, RS256-signed. */
    static String withDuplicateClaim() {
        return TestTokens.rawRs256(RS256_HEADER, TestTokens.payloadJson(NOW, expIn(600) + ",\"sub\":\"admin\""));
    }

    /** The standard payload, exp in 10 minutes, followed by non-JSON text, RS256-signed. */
    static String withTrailingGarbage() {
        return TestTokens.rawRs256(RS256_HEADER, TestTokens.payloadJson(NOW, expIn(600)) + " garbage");
    }

    /** The standard payload, exp in 10 minutes, with a 0xFF byte inside "alice", RS256-signed. */
    static String withInvalidUtf8() {
        return rs256Bytes(
                RS256_HEADER.getBytes(StandardCharsets.UTF_8),
                withBytesInsideSub(TestTokens.payloadJson(NOW, expIn(600)), new byte[] {(byte) 0xFF}));
    }
}
