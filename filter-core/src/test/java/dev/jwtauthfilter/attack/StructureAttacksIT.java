package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Structure attacks: tokens that are not exactly one compact JWS of three canonical base64url
 * segments holding strict UTF-8 JSON objects. Nearly every variant is <em>genuinely signed</em> with
 * the key the {@link AttackTarget#RS256_APP} trusts, so only the structure rules can refuse it, and
 * each is refused with {@code 401 invalid_token}, never a 500. Proves R5 (JWS only, tell it from a
 * JWE), R8 and R24 (UTF-8, a complete JSON object, JWS vs JWE, nested {@code cty: JWT}), R15 (only
 * {@code [A-Za-z0-9-_.]}), R16 (a {@code zip} payload is never inflated), R17 and R27 (duplicate
 * claim and header names), R26 (no padding, no other characters), R30 ({@code crit}), and java-jwt
 * gaps 4 (no 500), 6 (padding and non-canonical base64 are refused, so one token has one spelling),
 * 7 ({@code crit}, {@code zip}, {@code cty}, {@code b64} are not ignored) and 8 (Jackson's duplicate
 * keys, trailing content, nesting and number limits, U+FFFD substitution).
 */
class StructureAttacksIT extends AttackSuite {
    private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    /**
     * A header whose base64url form leaves 4 unused bits in its last character (28 bytes: 38
     * characters), so that non-canonical spellings and {@code ==} padding of it exist.
     */
    private static final String UNEVEN_HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\" }";

    private static final SecureRandom RANDOM = new SecureRandom();

    // --- positive controls ----------------------------------------------------------------------

    @Test
    void genuineTokensInEveryShapeTheseAttacksStartFromAreServed() throws Exception {
        assertAccepted(bearer(RS256_APP, rs256Token()), "alice");
        assertAccepted(bearer(RS256_APP, TestTokens.rawRs256(HEADER, validPayload())), "alice");
        assertAccepted(bearer(RS256_APP, unevenToken()), "alice");
        assertAccepted(bearer(RS256_APP, rs256OverBytes(utf8(HEADER), utf8(validPayload()))), "alice");
    }

    @Test
    void wellFormedMultiByteUtf8InTheHeaderAndPayloadIsServed() throws Exception {
        // 2-, 3- and 4-byte sequences, U+FEFF inside a string (only a leading BOM is refused), U+10FFFF
        String text = "zo\u00eb \u20ac \ud83d\ude00 \ufeff \udbff\udfff";
        String token = TestTokens.rawRs256(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x\":\"" + text + "\"}",
                payload("\"exp\":" + inTenMinutes() + ",\"name\":\"" + text + "\""));

        assertAccepted(bearer(RS256_APP, token), "alice");
    }

    // --- segment counts, empty and stripped segments --------------------------------------------

    static Stream<Arguments> wrongSegmentCounts() {
        String token = rs256Token();
        String[] s = token.split("\\.");
        return Stream.of(
                arguments("1 segment: the header", s[0]),
                arguments("1 segment: the payload", s[1]),
                arguments("1 segment: the token without its dots", s[0] + s[1] + s[2]),
                arguments("2 segments: header.signature", s[0] + "." + s[2]),
                arguments("2 segments: payload.signature", s[1] + "." + s[2]),
                arguments("4 segments: the signature twice", token + "." + s[2]),
                arguments("4 segments: a trailing dot", token + "."),
                arguments("4 segments: a leading dot", "." + token),
                arguments("4 segments: the header twice", s[0] + "." + token),
                arguments("4 segments: a second payload", s[0] + "." + s[1] + "." + s[1] + "." + s[2]),
                arguments("6 segments: the token twice", token + "." + token),
                arguments("6 segments: three extra", token + ".AAAA.AAAA.AAAA"),
                arguments("empty header", "." + s[1] + "." + s[2]),
                arguments("empty payload", s[0] + ".." + s[2]),
                arguments("empty header and payload", ".." + s[2]),
                arguments("a dot", "."),
                arguments("two dots", ".."),
                arguments("three dots", "..."),
                arguments("five dots", "....."),
                arguments("an empty segment between header and payload", s[0] + ".." + s[1] + "." + s[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongSegmentCounts")
    void tokenWithoutExactlyThreeNonEmptySegmentsIsRefused(String shape, String token) throws Exception {
        // dots alone reveal nothing, and "." occurs in any server's version string
        String secret = token.replace(".", "").isEmpty() ? null : token;

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, secret);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"header.payload. (empty signature)", "header.payload (stripped signature)"})
    void genuineHeaderAndPayloadWithTheSignatureEmptiedOrStrippedAreRefused(String shape) throws Exception {
        String genuine = rs256Token();
        String token = shape.startsWith("header.payload.")
                ? genuine.substring(0, genuine.lastIndexOf('.') + 1)
                : genuine.substring(0, genuine.lastIndexOf('.'));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- characters outside base64url -----------------------------------------------------------

    static Stream<Arguments> foreignCharacters() {
        String characters = "+/= %~\"{}:,\\*!$&'()<>?@[]^`|\t";
        return Stream.of(0, 1, 2).flatMap(segment -> characters.chars().mapToObj(c -> arguments(segment, (char) c)));
    }

    @ParameterizedTest(name = "segment {0}, character [{1}]")
    @MethodSource("foreignCharacters")
    void genuineTokenWithOneCharacterReplacedByOneOutsideBase64UrlIsRefused(int segment, char replacement)
            throws Exception {
        // the length stays the same: only the character itself can be the reason for the refusal
        String token = replaceInSegment(rs256Token(), segment, replacement);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    static Stream<Arguments> nonAsciiCharacters() {
        return Stream.of(0, 1, 2)
                .flatMap(segment -> Stream.of(
                                "\u00e9", // Latin-1 é
                                "\uff21", // fullwidth A
                                "\u0663", // Arabic-Indic digit three: a digit to Character.digit
                                "\u200b", // zero-width space
                                "\u00a0", // no-break space
                                "\u0410") // Cyrillic A, looks like 'A'
                        .map(c -> arguments(segment, c)));
    }

    @ParameterizedTest(name = "segment {0}, U+{1}")
    @MethodSource("nonAsciiCharacters")
    void genuineTokenWithANonAsciiCharacterInASegmentIsRefused(int segment, String character) throws Exception {
        String token = replaceInSegment(rs256Token(), segment, character);
        // sent as its UTF-8 bytes, as a client would; the container reads them as ISO-8859-1
        String onTheWire = new String(token.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        Exchange e =
                raw(RS256_APP, "GET", RS256_APP + "/api/orders", List.of("Authorization: Bearer " + onTheWire), null);

        assertRefused(e, Refusal.INVALID_TOKEN, onTheWire, token);
    }

    @Test
    void genuineTokenWithALatin1ByteInTheSignatureIsRefused() throws Exception {
        String token = replaceInSegment(rs256Token(), 2, "\u00e9");

        Exchange e = raw(RS256_APP, "GET", RS256_APP + "/api/orders", List.of("Authorization: Bearer " + token), null);

        assertRefused(e, Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"header", "payload", "signature"})
    void genuineSegmentReEncodedInTheStandardBase64AlphabetIsRefused(String which) throws Exception {
        // "~~~" and "???" encode to "fn5-" and "Pz8_" in base64url, to "fn5+" and "Pz8/" in base64
        int segment = List.of("header", "payload", "signature").indexOf(which);
        String genuine;
        String shift = "";
        do {
            // shifted until the segment has a '-' or '_' (a signature nearly always has)
            shift += " ";
            genuine = TestTokens.rawRs256(
                    "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x\":\"" + shift + "~~~???\"}",
                    payload("\"exp\":" + inTenMinutes() + ",\"x\":\"" + shift + "~~~???\""));
        } while (!hasUrlOnlyCharacters(genuine.split("\\.")[segment]));
        assertAccepted(bearer(RS256_APP, genuine), "alice");
        String[] s = genuine.split("\\.");
        s[segment] = Base64.getEncoder()
                .withoutPadding()
                .encodeToString(Base64.getUrlDecoder().decode(s[segment]));
        String token = String.join(".", s);
        assertNotEquals(genuine, token, "the standard alphabet spells this segment differently");

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- padding and non-canonical base64 -------------------------------------------------------

    static Stream<Arguments> paddings() {
        return Stream.of("header", "payload", "signature")
                .flatMap(segment ->
                        Stream.of("=", "==", "===", "the correct padding").map(padding -> arguments(segment, padding)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("paddings")
    void genuineTokenWithPaddingOnASegmentIsRefused(String which, String padding) throws Exception {
        String genuine = unevenToken();
        int segment = List.of("header", "payload", "signature").indexOf(which);
        String[] s = genuine.split("\\.");
        String original = s[segment];
        s[segment] += padding.length() <= 3 ? padding : "=".repeat((4 - original.length() % 4) % 4);
        String token = String.join(".", s);
        if (padding.length() > 3) {
            // what makes this an attack: java.util's decoder (and so java-jwt) reads the same bytes
            assertArrayEquals(
                    Base64.getUrlDecoder().decode(original),
                    Base64.getUrlDecoder().decode(s[segment]));
        }

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    static Stream<Arguments> nonCanonicalEndings() {
        return Stream.of("header", "payload", "signature")
                .flatMap(segment -> Stream.of("lowest unused bit set", "all unused bits set")
                        .map(variant -> arguments(segment, variant)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonCanonicalEndings")
    void genuineTokenWithANonCanonicalLastCharacterInASegmentIsRefused(String which, String variant) throws Exception {
        String genuine = unevenToken();
        int segment = List.of("header", "payload", "signature").indexOf(which);
        String[] s = genuine.split("\\.");
        String original = s[segment];
        int unusedBits = original.length() % 4 == 2 ? 0x0F : 0x03;
        assertTrue(original.length() % 4 > 1, "the segment has unused bits: " + original.length());
        int last = ALPHABET.indexOf(original.charAt(original.length() - 1));
        int changed = variant.startsWith("lowest") ? last | 0x01 : last | unusedBits;
        s[segment] = original.substring(0, original.length() - 1) + ALPHABET.charAt(changed);
        String token = String.join(".", s);
        assertNotEquals(genuine, token);
        // the same bytes to java.util's decoder: without the filter's check this token would verify
        assertArrayEquals(
                Base64.getUrlDecoder().decode(original), Base64.getUrlDecoder().decode(s[segment]));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- segments that are not one JSON object --------------------------------------------------

    static Stream<Arguments> notJsonObjects() {
        String p = validPayload();
        String unterminated = p.substring(0, p.length() - 1);
        return Stream.of(
                arguments("not JSON", "alg=RS256&typ=JWT", "sub=alice&exp=" + inTenMinutes()),
                arguments("a JSON array holding the object", "[" + HEADER + "]", "[" + p + "]"),
                arguments("a JSON string", "\"RS256\"", "\"alice\""),
                arguments("a JSON number", "256", "1999999999"),
                arguments("JSON null", "null", "null"),
                arguments("JSON true", "true", "true"),
                arguments("JSON false", "false", "false"),
                arguments("whitespace only", " ", " "),
                arguments("an unterminated object", HEADER.substring(0, HEADER.length() - 1), unterminated),
                arguments("a trailing comma", HEADER.replace("}", ",}"), unterminated + ",}"),
                arguments("single quotes", HEADER.replace('"', '\''), p.replace('"', '\'')),
                arguments(
                        "unquoted names",
                        "{alg:\"RS256\",typ:\"JWT\"}",
                        p.replace("\"iss\"", "iss").replace("\"sub\"", "sub")),
                arguments("a leading comment", "/*c*/" + HEADER, "/*c*/" + p),
                arguments("a comment inside", HEADER.replace(",", ",/*c*/"), p.replace(",", ",//c\n")),
                arguments("NaN as a value", HEADER.replace("}", ",\"x\":NaN}"), payload("\"exp\":NaN")),
                arguments("Infinity as a value", HEADER.replace("}", ",\"x\":Infinity}"), payload("\"exp\":Infinity")),
                arguments(
                        "a leading-zero number",
                        HEADER.replace("}", ",\"x\":007}"),
                        payload("\"exp\":0" + inTenMinutes())),
                arguments(
                        "an unescaped control character in a string",
                        HEADER.replace("JWT", "J\u0001WT"),
                        p.replace("alice", "ali\u0001ce")),
                arguments("a bad escape in a string", HEADER.replace("JWT", "J\\xWT"), p.replace("alice", "ali\\qce")));
    }

    @ParameterizedTest(name = "payload: {0}")
    @MethodSource("notJsonObjects")
    void genuinelySignedPayloadThatIsNotOneJsonObjectIsRefused(String shape, String header, String payload)
            throws Exception {
        String token = TestTokens.rawRs256(HEADER, payload);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "header: {0}")
    @MethodSource("notJsonObjects")
    void genuinelySignedHeaderThatIsNotOneJsonObjectIsRefused(String shape, String header, String payload)
            throws Exception {
        String token = TestTokens.rawRs256(header, validPayload());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    static Stream<Arguments> trailingContent() {
        return Stream.of(
                arguments("a word", " x"),
                arguments("an empty object", "{}"),
                arguments("a second object with another subject", "{\"sub\":\"admin\"}"),
                arguments("a closing brace", "}"),
                arguments("a comma", ","),
                arguments("an array", "[]"),
                arguments("null", "null"),
                arguments("a number", "1"),
                arguments("a line comment", "//c"),
                arguments("a block comment", "/*c*/"),
                arguments("a NUL character", "\u0000"),
                arguments("a form feed (not JSON whitespace)", "\f"),
                arguments("a vertical tab (not JSON whitespace)", "\u000b"),
                arguments("a no-break space (not JSON whitespace)", "\u00a0"),
                arguments("a newline and a second object", "\n{}"));
    }

    @ParameterizedTest(name = "payload + {0}")
    @MethodSource("trailingContent")
    void genuinelySignedPayloadWithContentAfterTheObjectIsRefused(String what, String trailing) throws Exception {
        String token = TestTokens.rawRs256(HEADER, validPayload() + trailing);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "header + {0}")
    @MethodSource("trailingContent")
    void genuinelySignedHeaderWithContentAfterTheObjectIsRefused(String what, String trailing) throws Exception {
        String token = TestTokens.rawRs256(HEADER + trailing, validPayload());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"\n", "\r\n", " ", "\t", " \n\t\r "})
    void jsonWhitespaceAroundTheObjectIsServedBecauseItIsPartOfAValidJsonText(String whitespace) throws Exception {
        // RFC 8259 §2 (and RFC 7159, which RFC 7519 §7.2 names): JSON-text = ws value ws. "{..}\n" is
        // one complete JSON object, not trailing content; the signature covers the bytes as sent, so
        // the issuer chose them and nobody can add or remove whitespace without breaking it.
        String token = TestTokens.rawRs256(whitespace + HEADER + whitespace, whitespace + validPayload() + whitespace);

        assertAccepted(bearer(RS256_APP, token), "alice");
    }

    // --- duplicate names ------------------------------------------------------------------------

    static Stream<Arguments> duplicatePayloadMembers() {
        long now = java.time.Instant.now().getEpochSecond();
        String exp = "\"exp\":" + (now + 600);
        return Stream.of(
                arguments("sub twice, alice then admin", payload(exp + ",\"sub\":\"admin\"")),
                arguments(
                        "sub twice, admin then alice",
                        payload(exp).replace("\"alice\"", "\"admin\"").replace("}", ",\"sub\":\"alice\"}")),
                arguments("sub twice, the second spelled with an escape", payload(exp + ",\"s\\u0075b\":\"admin\"")),
                arguments("exp twice, valid then expired", payload(exp + ",\"exp\":" + (now - 3600))),
                arguments("exp twice, expired then valid", payload("\"exp\":" + (now - 3600) + "," + exp)),
                arguments(
                        "iss twice, a foreign one then the genuine one",
                        payload(exp)
                                .replace(TestTokens.ISSUER, "https://evil.test")
                                .replace("}", ",\"iss\":\"" + TestTokens.ISSUER + "\"}")),
                arguments(
                        "iss twice, the genuine one then a foreign one",
                        payload(exp + ",\"iss\":\"https://evil.test\"")),
                arguments("aud twice", payload(exp + ",\"aud\":\"other-api\"")),
                arguments("jti twice", payload(exp + ",\"jti\":\"revoked-one\"")),
                arguments("iat twice", payload(exp + ",\"iat\":" + (now - 7200))),
                arguments("a name twice in a nested object", payload(exp + ",\"x\":{\"a\":1,\"a\":2}")),
                arguments("roles twice", payload(exp + ",\"roles\":[\"user\"],\"roles\":[\"admin\"]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicatePayloadMembers")
    void genuinelySignedPayloadWithADuplicateClaimNameIsRefused(String what, String payload) throws Exception {
        String token = TestTokens.rawRs256(HEADER, payload);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"alg\":\"none\",\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                "{\"alg\":\"RS256\",\"alg\":\"none\",\"typ\":\"JWT\"}",
                "{\"alg\":\"RS256\",\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                "{\"alg\":\"HS256\",\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                "{\"alg\":\"RS256\",\"\\u0061lg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"typ\":\"JWT\"}",
                "{\"alg\":\"RS256\",\"crit\":[\"x\"],\"crit\":null}"
            })
    void genuinelySignedHeaderWithADuplicateParameterNameIsRefused(String header) throws Exception {
        String token = TestTokens.rawRs256(header, validPayload());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- bytes that are not strict UTF-8 ---------------------------------------------------------

    static Stream<Arguments> notStrictUtf8() {
        return Stream.of(
                arguments("a lone continuation byte 80", bytes(0x80)),
                arguments("byte FF", bytes(0xFF)),
                arguments("byte FE", bytes(0xFE)),
                arguments("Latin-1 e-acute E9", bytes(0xE9)),
                arguments("a truncated 2-byte sequence C3", bytes(0xC3)),
                arguments("a truncated 3-byte sequence E2 82", bytes(0xE2, 0x82)),
                arguments("overlong '/' C0 AF", bytes(0xC0, 0xAF)),
                arguments("overlong '\"' C0 A2", bytes(0xC0, 0xA2)),
                arguments("overlong NUL C0 80", bytes(0xC0, 0x80)),
                arguments("overlong 'a' C1 A1", bytes(0xC1, 0xA1)),
                arguments("overlong 3-byte '/' E0 80 AF", bytes(0xE0, 0x80, 0xAF)),
                arguments("overlong 4-byte '/' F0 80 80 AF", bytes(0xF0, 0x80, 0x80, 0xAF)),
                arguments("high surrogate U+D800 ED A0 80", bytes(0xED, 0xA0, 0x80)),
                arguments("low surrogate U+DFFF ED BF BF", bytes(0xED, 0xBF, 0xBF)),
                arguments("a surrogate pair as CESU-8", bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80)),
                arguments("past U+10FFFF F4 90 80 80", bytes(0xF4, 0x90, 0x80, 0x80)),
                arguments("a 5-byte form F8 88 80 80 80", bytes(0xF8, 0x88, 0x80, 0x80, 0x80)),
                arguments("a NUL byte", bytes(0x00)));
    }

    @ParameterizedTest(name = "payload: {0}")
    @MethodSource("notStrictUtf8")
    void genuinelySignedPayloadWithBytesThatAreNotStrictUtf8IsRefused(String what, byte[] bad) throws Exception {
        // inside the subject: java-jwt alone would read "ali\uFFFDce" (gap 8)
        String[] around = validPayload().split("alice", 2);
        String token = rs256OverBytes(utf8(HEADER), concat(utf8(around[0] + "ali"), bad, utf8("ce" + around[1])));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "header: {0}")
    @MethodSource("notStrictUtf8")
    void genuinelySignedHeaderWithBytesThatAreNotStrictUtf8IsRefused(String what, byte[] bad) throws Exception {
        byte[] header = concat(utf8("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x\":\"a"), bad, utf8("b\"}"));
        String token = rs256OverBytes(header, utf8(validPayload()));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    static Stream<Arguments> otherEncodings() {
        return Stream.of(
                arguments("a UTF-8 byte-order mark", bytes(0xEF, 0xBB, 0xBF), StandardCharsets.UTF_8),
                arguments("UTF-16BE", bytes(), StandardCharsets.UTF_16BE),
                arguments("UTF-16LE", bytes(), StandardCharsets.UTF_16LE),
                arguments("UTF-16LE with its byte-order mark", bytes(0xFF, 0xFE), StandardCharsets.UTF_16LE),
                arguments("UTF-16BE with its byte-order mark", bytes(0xFE, 0xFF), StandardCharsets.UTF_16BE),
                arguments("UTF-32BE", bytes(), java.nio.charset.Charset.forName("UTF-32BE")));
    }

    @ParameterizedTest(name = "payload: {0}")
    @MethodSource("otherEncodings")
    void genuinelySignedPayloadInAnotherEncodingOrWithAByteOrderMarkIsRefused(
            String what, byte[] prefix, java.nio.charset.Charset charset) throws Exception {
        // Jackson on its own detects UTF-16 and UTF-32 and skips a BOM; RFC 7519 §7.2 wants UTF-8 only
        String token =
                rs256OverBytes(utf8(HEADER), concat(prefix, validPayload().getBytes(charset)));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "header: {0}")
    @MethodSource("otherEncodings")
    void genuinelySignedHeaderInAnotherEncodingOrWithAByteOrderMarkIsRefused(
            String what, byte[] prefix, java.nio.charset.Charset charset) throws Exception {
        String token = rs256OverBytes(concat(prefix, HEADER.getBytes(charset)), utf8(validPayload()));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- JWE, JWS JSON serialization ------------------------------------------------------------

    static Stream<Arguments> jweCompact() {
        String jws = rs256Token();
        return Stream.of(
                arguments(
                        "RSA-OAEP / A256GCM",
                        TestTokens.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + "." + random(256) + "."
                                + random(12) + "." + random(300) + "." + random(16)),
                arguments(
                        "dir / A256GCM, empty encrypted key",
                        TestTokens.b64("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") + ".." + random(12) + "." + random(300)
                                + "." + random(16)),
                arguments(
                        "RSA-OAEP / A256GCM, a genuine JWS as the ciphertext",
                        TestTokens.b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\",\"cty\":\"JWT\"}") + "." + random(256)
                                + "." + random(12) + "." + TestTokens.b64(jws) + "." + random(16)),
                arguments(
                        "RSA-OAEP / A256GCM, the parts of a genuine JWS around JWE parts",
                        jws.substring(0, jws.lastIndexOf('.')) + "." + random(12) + "." + random(16)
                                + jws.substring(jws.lastIndexOf('.'))),
                arguments(
                        "PBES2 with a huge p2c",
                        TestTokens.b64("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2s\":\"AAAA\","
                                        + "\"p2c\":2147483647}")
                                + "." + random(24) + "." + random(12) + "." + random(100) + "." + random(16)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jweCompact")
    void jweInCompactSerializationIsRefused(String what, String token) throws Exception {
        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RSA-OAEP", "RSA-OAEP-256", "RSA1_5", "dir", "A256KW"})
    void threeSegmentTokenWithAJweHeaderSignedWithTheGenuineKeyIsRefused(String alg) throws Exception {
        String token = TestTokens.rawRs256("{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\"}", validPayload());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    static Stream<Arguments> jwsJsonSerializations() {
        String[] s = rs256Token().split("\\.");
        String flattened =
                "{\"payload\":\"" + s[1] + "\",\"protected\":\"" + s[0] + "\",\"signature\":\"" + s[2] + "\"}";
        String general = "{\"payload\":\"" + s[1] + "\",\"signatures\":[{\"protected\":\"" + s[0]
                + "\",\"signature\":\"" + s[2] + "\"}]}";
        String withUnprotectedHeader = "{\"payload\":\"" + s[1] + "\",\"protected\":\"" + s[0]
                + "\",\"header\":{\"kid\":\"k\"},\"signature\":\"" + s[2] + "\"}";
        return Stream.of(
                arguments("flattened", flattened),
                arguments("general", general),
                arguments("flattened with an unprotected header", withUnprotectedHeader),
                arguments("flattened, spaced", flattened.replace(",", ", ").replace(":", ": ")),
                arguments("flattened, base64url-encoded", TestTokens.b64(flattened)),
                arguments("general, base64url-encoded", TestTokens.b64(general)),
                arguments(
                        "flattened, base64url-encoded, dot-joined with the payload",
                        TestTokens.b64(flattened) + "." + s[1] + "." + s[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jwsJsonSerializations")
    void genuineJwsInJsonSerializationIsRefused(String what, String token) throws Exception {
        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- crit, zip, nested -----------------------------------------------------------------------

    static Stream<String> critHeaders() {
        long exp = java.time.Instant.now().plusSeconds(600).getEpochSecond();
        return Stream.of(
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[\"exp\"],\"exp\":" + exp + "}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[]}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[\"b64\"],\"b64\":false}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[\"b64\"],\"b64\":true}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[\"https://ext.example/x\"],\"https://ext.example/x\":1}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":\"exp\",\"exp\":" + exp + "}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":1}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":true}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":{}}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":null}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[1]}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[\"alg\"]}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("critHeaders")
    void genuinelySignedTokenWithAnyCritHeaderIsRefused(String header) throws Exception {
        String token = TestTokens.rawRs256(header, validPayload());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void unencodedPayloadTokenOfRfc7797WithADetachedPayloadIsRefused() throws Exception {
        // RFC 7797: the signing input is the header's base64url, '.', then the payload's raw bytes
        String header = TestTokens.b64("{\"alg\":\"RS256\",\"b64\":false,\"crit\":[\"b64\"]}");
        String payload = validPayload();
        String token = header + ".." + sign(header + "." + payload, TestKeys.RSA);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token, payload);
    }

    @Test
    void genuinelySignedDeflatedPayloadWithZipDefIsRefused() throws Exception {
        String token = rs256OverBytes(
                utf8("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"zip\":\"DEF\"}"), deflate(utf8(validPayload())));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void genuinelySignedDeflateBombWithZipDefIsRefusedWithoutInflatingIt() throws Exception {
        // 4 MiB of spaces before the claims deflate to about 4 KiB; the filter must never inflate a payload
        byte[] inflated = concat(" ".repeat(4 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII), utf8(validPayload()));
        String token = rs256OverBytes(utf8("{\"alg\":\"RS256\",\"zip\":\"DEF\"}"), deflate(inflated));
        assertTrue(token.length() <= 8192, "under maxTokenLength: " + token.length());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void zipHeaderOverAPlainJsonPayloadIsIgnoredAsRfc7515RequiresForAParameterItDoesNotDefine() throws Exception {
        // "zip" is a JWE parameter (RFC 7516 §4.1.3); RFC 7515 §4 says a JWS recipient MUST ignore a
        // header parameter it does not understand unless "crit" lists it. Nothing is inflated: the
        // signed payload is read as it is, so this is the genuine token.
        String token = TestTokens.rawRs256("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"zip\":\"DEF\"}", validPayload());

        assertAccepted(bearer(RS256_APP, token), "alice");
    }

    static Stream<Arguments> nestedTokens() {
        String inner = rs256Token();
        String innerAdminUnsigned = TestTokens.b64("{\"alg\":\"none\"}") + "."
                + TestTokens.b64(payload("\"exp\":" + inTenMinutes()).replace("alice", "admin")) + ".";
        String nested = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"cty\":\"JWT\"}";
        return Stream.of(
                arguments("a genuine inner token as the payload", TestTokens.rawRs256(nested, inner)),
                arguments("an unsigned inner token for admin", TestTokens.rawRs256(nested, innerAdminUnsigned)),
                arguments("the inner token as a JSON string", TestTokens.rawRs256(nested, "\"" + inner + "\"")),
                arguments(
                        "a genuine inner token under an outer signature by another key",
                        signedBy(nested, inner, TestKeys.RSA_OTHER)),
                arguments(
                        "an inner token for admin by another key, outer genuine",
                        TestTokens.rawRs256(
                                nested,
                                signedBy(
                                        HEADER,
                                        payload("\"exp\":" + inTenMinutes()).replace("alice", "admin"),
                                        TestKeys.RSA_OTHER))),
                arguments("cty jwt in lower case", TestTokens.rawRs256("{\"alg\":\"RS256\",\"cty\":\"jwt\"}", inner)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestedTokens")
    void nestedTokenWithCtyJwtIsRefused(String what, String token) throws Exception {
        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- size and depth ---------------------------------------------------------------------------

    @Test
    void genuineTokenOneCharacterOverTheDefaultMaxTokenLengthIsRefusedAndOneOfExactlyItIsServed() throws Exception {
        // README: maxTokenLength defaults to 8192 characters
        String exact = tokenOfLength(8192);
        String over = tokenOfLength(8194); // 8193 has no base64url spelling with this header
        assertEquals(8192, exact.length());
        assertEquals(8194, over.length());

        assertAccepted(bearer(RS256_APP, exact), "alice");
        assertRefused(bearer(RS256_APP, over), Refusal.INVALID_TOKEN, over);
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {8193, 16_384, 30_000})
    void garbageTokenOverTheMaxTokenLengthIsRefused(int length) throws Exception {
        int third = length / 3;
        String token = "A".repeat(third) + "." + "A".repeat(third) + "." + "A".repeat(length - 2 * third - 2);
        assertEquals(length, token.length());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void dotsUpToTheMaxTokenLengthAreRefused() throws Exception {
        String token = ".".repeat(8192);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void tokenOverTheContainersHeaderLimitIsRefusedByTheContainerBeforeAnyApplicationCode() throws Exception {
        // 40,000 characters do not fit the 32 KiB request head the harness allows: the container
        // answers itself (Jetty 431, Tomcat 400), the filter never sees the request, and it must not
        // reach the servlet or echo the token.
        String token = ("A".repeat(13_332) + ".").repeat(3) + "AAAA";

        Exchange e = bearer(RS256_APP, token);

        assertAll(
                () -> assertEquals(container == AttackTarget.Container.JETTY ? 431 : 400, e.status(), "status"),
                () -> assertFalse(e.servletRan(), "the servlet ran"),
                () -> assertFalse(e.body().contains("AAAAAAAA"), "the body echoes the token"),
                () -> assertFalse(e.headers().toString().contains("AAAAAAAA"), "the headers echo the token"),
                this::assertNothingLoggedAtError);
    }

    static Stream<Arguments> deepOrHugeJson() {
        return Stream.of(
                arguments("2000 nested arrays", "\"x\":" + "[".repeat(2000) + "]".repeat(2000)),
                arguments("1100 nested objects", "\"x\":" + "{\"\":".repeat(1100) + "1" + "}".repeat(1100)),
                arguments("2000 unclosed arrays", "\"x\":" + "[".repeat(2000)),
                arguments("a 2000-digit integer claim", "\"x\":" + "9".repeat(2000)),
                arguments("a 2000-digit exp", "\"exp\":1" + "0".repeat(1999)),
                arguments("a 2000-digit negative exp", "\"exp\":-1" + "0".repeat(1999)),
                arguments("a 2000-digit fraction", "\"x\":0." + "1".repeat(2000)),
                arguments("a 2000-digit exp fraction", "\"exp\":1999999999." + "9".repeat(2000)),
                arguments("exp 1e2000", "\"exp\":1e2000"),
                arguments("exp 1e-2000", "\"exp\":1e-2000"),
                arguments("a 5000-digit exponent", "\"x\":1e" + "9".repeat(5000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deepOrHugeJson")
    void genuinelySignedPayloadWithDeepNestingOrHugeNumbersIsRefused(String what, String members) throws Exception {
        String exp = members.startsWith("\"exp\"") ? "" : "\"exp\":" + inTenMinutes() + ",";
        String token = TestTokens.rawRs256(HEADER, payload(exp + members));
        assertTrue(token.length() <= 8192, () -> "under maxTokenLength: " + token.length());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2000 nested arrays", "a 2000-digit number"})
    void genuinelySignedHeaderWithDeepNestingOrAHugeNumberIsRefused(String what) throws Exception {
        String value = what.contains("arrays") ? "[".repeat(2000) + "]".repeat(2000) : "9".repeat(2000);
        String token = TestTokens.rawRs256("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x\":" + value + "}", validPayload());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static long inTenMinutes() {
        return java.time.Instant.now().plusSeconds(600).getEpochSecond();
    }

    /**
     * A genuine token whose three segments all have unused bits in their last character: the header
     * 38 characters (4 bits), the payload 3 mod 4 (2 bits), the RS256 signature 342 (4 bits).
     */
    private static String unevenToken() {
        String payload = validPayload();
        while (payload.length() % 3 != 2) {
            payload = payload.substring(0, payload.length() - 1) + " }";
        }
        String token = TestTokens.rawRs256(UNEVEN_HEADER, payload);
        String[] s = token.split("\\.");
        assertEquals(List.of(2, 3, 2), List.of(s[0].length() % 4, s[1].length() % 4, s[2].length() % 4));
        return token;
    }

    /** A genuine token of exactly {@code length} characters, grown by a padding claim. */
    private static String tokenOfLength(int length) {
        int pad = 0;
        while (true) {
            String token = TestTokens.rawRs256(
                    HEADER, payload("\"exp\":" + inTenMinutes() + ",\"pad\":\"" + "x".repeat(pad) + "\""));
            if (token.length() >= length) {
                assertEquals(length, token.length(), "no token of this exact length with this header");
                return token;
            }
            pad += Math.max(1, (length - token.length()) * 3 / 4 - 2);
        }
    }

    private static boolean hasUrlOnlyCharacters(String segment) {
        return segment.indexOf('-') >= 0 || segment.indexOf('_') >= 0;
    }

    /** The character in the middle of a segment replaced (the token's length unchanged for one char). */
    private static String replaceInSegment(String token, int segment, Object replacement) {
        String[] s = token.split("\\.");
        int middle = s[segment].length() / 2;
        s[segment] = s[segment].substring(0, middle) + replacement + s[segment].substring(middle + 1);
        return String.join(".", s);
    }

    /** RS256 with the genuine key over the base64url of raw header and payload bytes. */
    private static String rs256OverBytes(byte[] header, byte[] payload) {
        String input = TestTokens.b64(header) + "." + TestTokens.b64(payload);
        return input + "." + sign(input, TestKeys.RSA);
    }

    /** RS256 with the named key over header and payload JSON. */
    private static String signedBy(String header, String payload, String keyName) {
        String input = TestTokens.signingInput(header, payload);
        return input + "." + sign(input, keyName);
    }

    private static String sign(String signingInput, String keyName) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(TestKeys.privateKey(keyName));
            s.update(signingInput.getBytes(StandardCharsets.UTF_8));
            return TestTokens.b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true); // raw DEFLATE, as RFC 7516 "DEF"
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return TestTokens.b64(b);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
