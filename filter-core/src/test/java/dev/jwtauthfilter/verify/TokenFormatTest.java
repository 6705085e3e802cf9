package dev.jwtauthfilter.verify;

import static dev.jwtauthfilter.verify.VerifyFixtures.CLOCK;
import static dev.jwtauthfilter.verify.VerifyFixtures.NOW;
import static dev.jwtauthfilter.verify.VerifyFixtures.RS256_HEADER;
import static dev.jwtauthfilter.verify.VerifyFixtures.expIn;
import static dev.jwtauthfilter.verify.VerifyFixtures.withBytesInsideSub;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encoding rules java-jwt does not enforce (RFC 7519 §7.2, RFC 8725bis §3.14): exactly three
 * non-empty canonical base64url segments, and header and payload that are strict UTF-8 holding
 * exactly one JSON object without duplicate names. Every malformed token here carries a valid
 * RS256 signature over its own bytes, so the encoding is the only thing wrong with it.
 */
class TokenFormatTest {
    private static final int MAX = 8192;
    private static final String EXP = expIn(600);

    private static String valid() {
        return TestTokens.rawRs256(RS256_HEADER, TestTokens.payloadJson(NOW, EXP));
    }

    private static RejectionReason rejection(String token) {
        return assertThrows(TokenRejectedException.class, () -> TokenFormat.check(token, MAX))
                .reason();
    }

    // ---- what passes ----

    @Test
    void checkWhenStrictCompactJwsThenPasses() {
        assertDoesNotThrow(() -> TokenFormat.check(valid(), MAX));
    }

    @Test
    void checkWhenHmacTokenWithThreeCharacterTailThenPasses() {
        // a 32-byte HS256 signature is 43 characters: its last character has 2 unused (zero) bits
        String token = TestTokens.valid(NOW).sign(TestTokens.hs256());

        assertDoesNotThrow(() -> TokenFormat.check(token, MAX));
    }

    @Test
    void checkWhenJsonHasSurroundingWhitespaceAndEscapesThenPasses() {
        String token = TestTokens.rawRs256(
                " {\"alg\":\"RS256\"} ", "\n{\"sub\":\"al\\u0069ce\",\"name\":\"Zo\u00eb \u2603\"}\n");

        assertDoesNotThrow(() -> TokenFormat.check(token, MAX));
    }

    // ---- length ----

    @Test
    void checkWhenLengthEqualsMaximumThenPasses() {
        String token = valid();

        assertDoesNotThrow(() -> TokenFormat.check(token, token.length()));
    }

    @Test
    void checkWhenLengthExceedsMaximumByOneThenTooLong() {
        String token = valid();

        TokenRejectedException e =
                assertThrows(TokenRejectedException.class, () -> TokenFormat.check(token, token.length() - 1));

        assertEquals(RejectionReason.TOO_LONG, e.reason());
    }

    @Test
    void checkWhenOverlongGarbageThenTooLongBeforeAnyOtherRule() {
        TokenRejectedException e =
                assertThrows(TokenRejectedException.class, () -> TokenFormat.check("{.".repeat(100), 199));

        assertEquals(RejectionReason.TOO_LONG, e.reason());
    }

    // ---- segments ----

    static Stream<Arguments> wrongSegmentCounts() {
        String token = valid();
        String header = VerifyFixtures.header(token);
        String payload = VerifyFixtures.payload(token);
        String signature = VerifyFixtures.signature(token);
        return Stream.of(
                Arguments.of("empty string", ""),
                Arguments.of("1 segment", header),
                Arguments.of("2 segments", header + "." + payload),
                Arguments.of("2 segments with trailing dot", header + "." + payload + "."),
                Arguments.of("4 segments", token + "." + signature),
                Arguments.of("4 segments, last empty", token + "."),
                Arguments.of("JWE-shaped, 5 segments", header + "." + payload + ".AAAA.AAAA." + signature),
                Arguments.of("JWE-shaped, 5 segments, empty key", header + "..AAAA." + payload + "." + signature),
                Arguments.of("dots only", ".."),
                Arguments.of("empty header", "." + payload + "." + signature),
                Arguments.of("empty payload", header + ".." + signature),
                Arguments.of("empty signature", header + "." + payload + "."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongSegmentCounts")
    void checkWhenNotThreeNonEmptySegmentsThenMalformed(String shape, String token) {
        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    // ---- canonical base64url ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"=", "==", "==="})
    void checkWhenSignatureHasPaddingThenMalformed(String padding) {
        assertEquals(RejectionReason.MALFORMED, rejection(valid() + padding));
    }

    @Test
    void checkWhenPayloadHasPaddingThenMalformed() {
        String payload = TestTokens.payloadJson(NOW, EXP);
        while (payload.getBytes(StandardCharsets.UTF_8).length % 3 == 0) {
            payload = payload.replace("}", " }");
        }
        String token = TestTokens.rawRs256(RS256_HEADER, payload);
        String padded = java.util.Base64.getUrlEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));

        String withPadding = VerifyFixtures.header(token) + "." + padded + "." + VerifyFixtures.signature(token);

        assertEquals(RejectionReason.MALFORMED, rejection(withPadding));
    }

    @Test
    void checkWhenSegmentLengthIsOneMoreThanMultipleOfFourThenMalformed() {
        // no byte string encodes to 4n+1 characters
        String token = valid();
        String signature = VerifyFixtures.signature(token);
        String extra = "A".repeat((5 - signature.length() % 4) % 4);

        assertEquals(RejectionReason.MALFORMED, rejection(token + extra));
    }

    @Test
    void checkWhenRsaSignatureLastCharHasNonZeroUnusedBitsThenMalformed() {
        // 256 bytes -> 342 characters: the last one carries 4 unused bits
        String token = valid();
        String signature = VerifyFixtures.signature(token);
        String variant = VerifyFixtures.flipUnusedLowBitOfLastChar(signature);

        String malleated = token.substring(0, token.lastIndexOf('.') + 1) + variant;

        assertEquals(RejectionReason.MALFORMED, rejection(malleated));
    }

    @ParameterizedTest(name = "xor {0}")
    @ValueSource(ints = {1, 2, 3})
    void checkWhenHmacSignatureLastCharHasNonZeroUnusedBitsThenMalformed(int bits) {
        // 32 bytes -> 43 characters: the last one carries 2 unused bits, so 3 other spellings decode alike
        String token = TestTokens.valid(NOW).sign(TestTokens.hs256());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);

        String malleated = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ bits);

        assertEquals(RejectionReason.MALFORMED, rejection(malleated));
    }

    @ParameterizedTest(name = "header length mod 3 = {0}")
    @ValueSource(ints = {1, 2})
    void checkWhenHeaderLastCharHasNonZeroUnusedBitsThenMalformed(int remainder) {
        String header = headerWithLengthModThree(remainder);
        String token = TestTokens.rawRs256(header, TestTokens.payloadJson(NOW, EXP));

        String malleated = VerifyFixtures.flipUnusedLowBitOfLastChar(VerifyFixtures.header(token))
                + token.substring(token.indexOf('.'));

        assertEquals(RejectionReason.MALFORMED, rejection(malleated));
    }

    @ParameterizedTest(name = "payload length mod 3 = {0}")
    @ValueSource(ints = {1, 2})
    void checkWhenPayloadLastCharHasNonZeroUnusedBitsThenMalformed(int remainder) {
        String payload = TestTokens.payloadJson(NOW, EXP);
        while (payload.getBytes(StandardCharsets.UTF_8).length % 3 != remainder) {
            payload = payload.replace("}", " }");
        }
        String token = TestTokens.rawRs256(RS256_HEADER, payload);

        String malleated = VerifyFixtures.header(token) + "."
                + VerifyFixtures.flipUnusedLowBitOfLastChar(VerifyFixtures.payload(token)) + "."
                + VerifyFixtures.signature(token);

        assertEquals(RejectionReason.MALFORMED, rejection(malleated));
    }

    static Stream<Arguments> foreignCharacters() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String segment : new String[] {"header", "payload", "signature"}) {
            for (char c : new char[] {'+', '/', ' ', '{', '=', '\n', '\t', '%', '*', '\u00e9', '\u0000', '\uff21'}) {
                cases.add(Arguments.of(segment, c));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} with U+{1}")
    @MethodSource("foreignCharacters")
    void checkWhenCharacterOutsideBase64UrlThenMalformed(String segment, char c) {
        String token = valid();
        int start = switch (segment) {
            case "header" -> 0;
            case "payload" -> token.indexOf('.') + 1;
            default -> token.lastIndexOf('.') + 1;
        };

        assertEquals(RejectionReason.MALFORMED, rejection(VerifyFixtures.replaceAt(token, start + 4, c)));
    }

    // ---- strict UTF-8 ----

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("0xFF", new byte[] {(byte) 0xFF}),
                Arguments.of("lone continuation byte", new byte[] {(byte) 0x80}),
                Arguments.of("overlong '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("UTF-8 encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("truncated 3-byte sequence", new byte[] {(byte) 0xE2, (byte) 0x82}),
                Arguments.of("beyond U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of("overlong 3-byte '/'", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}),
                Arguments.of("overlong 4-byte '/'", new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}),
                Arguments.of("0xF5 lead byte", new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}),
                Arguments.of("2-byte lead before an ASCII byte", new byte[] {(byte) 0xC3, 'x'}),
                Arguments.of("raw NUL", new byte[] {0}));
    }

    static Stream<Arguments> validUtf8() {
        return Stream.of(
                Arguments.of("U+00E9", new byte[] {(byte) 0xC3, (byte) 0xA9}),
                Arguments.of("U+20AC", new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}),
                Arguments.of("U+D7FF, last before the surrogates", new byte[] {(byte) 0xED, (byte) 0x9F, (byte) 0xBF}),
                Arguments.of("U+E000, first after the surrogates", new byte[] {(byte) 0xEE, (byte) 0x80, (byte) 0x80}),
                Arguments.of("U+1F600", new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}),
                Arguments.of("U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validUtf8")
    void checkWhenPayloadHoldsWellFormedMultiByteCharactersThenPasses(String what, byte[] good) {
        byte[] payload = withBytesInsideSub(TestTokens.payloadJson(NOW, EXP), good);
        String token = VerifyFixtures.rs256Bytes(RS256_HEADER.getBytes(StandardCharsets.UTF_8), payload);

        assertDoesNotThrow(() -> TokenFormat.check(token, 8192));
    }

    @Test
    void checkWhenHeaderStartsWithAByteOrderMarkThenMalformed() {
        byte[] json = RS256_HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[json.length + 3];
        header[0] = (byte) 0xEF;
        header[1] = (byte) 0xBB;
        header[2] = (byte) 0xBF;
        System.arraycopy(json, 0, header, 3, json.length);
        String token = VerifyFixtures.rs256Bytes(
                header, TestTokens.payloadJson(NOW, EXP).getBytes(StandardCharsets.UTF_8));

        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void checkWhenPayloadIsNotStrictUtf8ThenMalformed(String what, byte[] bad) {
        byte[] payload = withBytesInsideSub(TestTokens.payloadJson(NOW, EXP), bad);
        String token = VerifyFixtures.rs256Bytes(RS256_HEADER.getBytes(StandardCharsets.UTF_8), payload);

        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void checkWhenHeaderIsNotStrictUtf8ThenMalformed(String what, byte[] bad) {
        byte[] header = withBytesInsideSub("{\"alg\":\"RS256\",\"sub\":\"alice\"}", bad);
        String token = VerifyFixtures.rs256Bytes(
                header, TestTokens.payloadJson(NOW, EXP).getBytes(StandardCharsets.UTF_8));

        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    // ---- exactly one JSON object, no duplicate names ----

    static Stream<Arguments> notOneStrictObject() {
        String payload = TestTokens.payloadJson(NOW, EXP);
        return Stream.of(
                Arguments.of("duplicate claim", TestTokens.payloadJson(NOW, EXP + ",\"sub\":\"admin\"")),
                Arguments.of("duplicate exp", TestTokens.payloadJson(NOW, EXP + "," + expIn(99999))),
                Arguments.of(
                        "duplicate inside nested object",
                        TestTokens.payloadJson(NOW, EXP + ",\"o\":{\"a\":1,\"a\":2}")),
                Arguments.of("trailing garbage", payload + " garbage"),
                Arguments.of("trailing second object", payload + "{}"),
                Arguments.of("trailing comma-separated value", payload + ",1"),
                Arguments.of("trailing closing brace", payload + "}"),
                Arguments.of("JSON array", "[" + payload + "]"),
                Arguments.of("JSON string", "\"alice\""),
                Arguments.of("JSON number", "42"),
                Arguments.of("JSON null", "null"),
                Arguments.of("JSON true", "true"),
                Arguments.of("whitespace only", "   "),
                Arguments.of("unterminated object", payload.substring(0, payload.length() - 1)),
                Arguments.of("comment", "/* c */" + payload),
                Arguments.of("single quotes", "{'sub':'alice'}"),
                Arguments.of("unquoted name", "{sub:\"alice\"}"),
                Arguments.of("NaN", "{\"exp\":NaN}"),
                Arguments.of("not JSON at all", "alice"));
    }

    @ParameterizedTest(name = "payload: {0}")
    @MethodSource("notOneStrictObject")
    void checkWhenPayloadIsNotExactlyOneStrictJsonObjectThenMalformed(String what, String payloadJson) {
        String token = TestTokens.rawRs256(RS256_HEADER, payloadJson);

        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    @ParameterizedTest(name = "header: {0}")
    @ValueSource(
            strings = {
                "{\"alg\":\"RS256\",\"alg\":\"none\"}",
                "{\"alg\":\"RS256\"} garbage",
                "{\"alg\":\"RS256\"}{}",
                "[\"RS256\"]",
                "\"RS256\"",
                "RS256",
                "{\"alg\":\"RS256\""
            })
    void checkWhenHeaderIsNotExactlyOneStrictJsonObjectThenMalformed(String headerJson) {
        String token = TestTokens.rawRs256(headerJson, TestTokens.payloadJson(NOW, EXP));

        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    // ---- why these rules are ours to enforce ----

    static Stream<Arguments> variantsJavaJwtAccepts() {
        String token = valid();
        return Stream.of(
                Arguments.of("padded signature", token + "=="),
                Arguments.of("non-canonical last signature char", VerifyFixtures.withNonCanonicalSignature(token)),
                Arguments.of("duplicate claim", VerifyFixtures.withDuplicateClaim()),
                Arguments.of("trailing garbage", VerifyFixtures.withTrailingGarbage()),
                Arguments.of("invalid UTF-8", VerifyFixtures.withInvalidUtf8()));
    }

    /**
     * Guards the fixtures: java-jwt on its own verifies each of these, so their signatures are good and
     * {@link TokenFormat} alone is what the filter relies on to refuse them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variantsJavaJwtAccepts")
    void javaJwtAloneAcceptsVariantsThatCheckRejects(String what, String token) {
        JWTVerifier javaJwt = ((JWTVerifier.BaseVerification)
                        JWT.require(Algorithm.RSA256((RSAPublicKey) TestKeys.publicKey(TestKeys.RSA), null)))
                .build(CLOCK);

        assertDoesNotThrow(() -> javaJwt.verify(token));
        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    // ---- helpers ----

    /** A header whose UTF-8 length mod 3 is the given remainder, so its last base64 character has spare bits. */
    private static String headerWithLengthModThree(int remainder) {
        String header = "{\"alg\":\"RS256\"}";
        while (header.getBytes(StandardCharsets.UTF_8).length % 3 != remainder) {
            header = header.replace("}", " }");
        }
        return header;
    }
}
