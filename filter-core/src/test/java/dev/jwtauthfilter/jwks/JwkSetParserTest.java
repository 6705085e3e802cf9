package dev.jwtauthfilter.jwks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.jwks.JwksFetchException.Reason;
import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.TestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a JWKS document: which entries become usable keys (RFC 7517/7518, RFC 8725 §3.1 and §3.4),
 * the reason each other entry is ignored, and the documents that fail the whole fetch.
 */
class JwkSetParserTest {
    private static final Map<String, Object> RSA = Jwks.rsa("rsa-1", TestKeys.RSA);
    private static final Map<String, Object> EC = Jwks.ec("ec-1", TestKeys.EC_P256);

    private static JwkSet parse(String json) throws JwksFetchException {
        return JwkSetParser.parse(json.getBytes(StandardCharsets.UTF_8), 50);
    }

    @SafeVarargs
    private static JwkSet parse(Map<String, Object>... keys) throws JwksFetchException {
        return parse(Jwks.set(keys));
    }

    private static JwksFetchException refused(String json) {
        return assertThrows(JwksFetchException.class, () -> parse(json));
    }

    @Test
    void parseReadsRsaAndEcKeys() throws Exception {
        JwkSet set = parse(RSA, EC, Jwks.ec("ec-384", TestKeys.EC_P384));

        assertAll(
                () -> assertEquals(3, set.size()),
                () -> assertEquals(List.of(), set.ignored()),
                () -> assertEquals(
                        Optional.of(TestKeys.publicKey(TestKeys.RSA)), set.find("rsa-1", JwsAlgorithm.RS256)),
                () -> assertEquals(
                        Optional.of(TestKeys.publicKey(TestKeys.EC_P256)), set.find("ec-1", JwsAlgorithm.ES256)),
                () -> assertEquals(
                        Optional.of(TestKeys.publicKey(TestKeys.EC_P384)), set.find("ec-384", JwsAlgorithm.ES384)));
    }

    static Stream<Arguments> ignoredEntries() {
        return Stream.of(
                Arguments.of(Jwks.with(RSA, "use", "enc"), "use is not sig"),
                Arguments.of(Jwks.with(RSA, "use", 1), "use is not a string"),
                Arguments.of(Jwks.with(RSA, "key_ops", List.of("encrypt", "wrapKey")), "key_ops lacks verify"),
                Arguments.of(Jwks.with(RSA, "key_ops", "verify"), "key_ops is not an array"),
                Arguments.of(Jwks.oct("rsa-1", new byte[64]), "kty oct (a shared secret) is never used"),
                Arguments.of(Jwks.with(RSA, "kty", "OKP"), "kty is not RSA or EC"),
                Arguments.of(Jwks.with(RSA, "kty", null), "kty is missing"),
                Arguments.of(Jwks.with(RSA, "alg", "HS256"), "alg is not RS256/384/512 or ES256/384/512"),
                Arguments.of(Jwks.with(RSA, "alg", "PS256"), "alg is not RS256/384/512 or ES256/384/512"),
                Arguments.of(Jwks.with(RSA, "alg", "none"), "alg is not RS256/384/512 or ES256/384/512"),
                Arguments.of(Jwks.with(RSA, "alg", "rs256"), "alg is not RS256/384/512 or ES256/384/512"),
                Arguments.of(Jwks.with(RSA, "alg", "ES256"), "alg does not fit kty RSA"),
                Arguments.of(Jwks.with(EC, "alg", "ES384"), "alg does not fit crv"),
                Arguments.of(Jwks.with(EC, "alg", "RS256"), "alg does not fit crv"),
                Arguments.of(Jwks.with(RSA, "kid", 42), "kid is not a string"),
                Arguments.of(Jwks.rsa("rsa-1024", TestKeys.RSA_1024), "RSA modulus under 2048 bits"),
                Arguments.of(
                        Jwks.with(RSA, "e", Jwks.b64(new byte[] {1, 0, 0})),
                        "RSA exponent is not an odd number of at least 3"),
                Arguments.of(Jwks.with(RSA, "e", "AQ"), "RSA exponent is not an odd number of at least 3"),
                Arguments.of(Jwks.with(RSA, "n", null), "n is missing"),
                Arguments.of(Jwks.with(RSA, "n", "not+base64/url="), "n is not base64url"),
                Arguments.of(Jwks.with(EC, "crv", "secp256k1"), "crv is not P-256, P-384 or P-521"),
                Arguments.of(Jwks.with(EC, "crv", null), "crv is not P-256, P-384 or P-521"),
                Arguments.of(Jwks.with(EC, "y", yPlusOne()), "EC point is not on the curve"),
                Arguments.of(Jwks.with(EC, "x", Jwks.b64(new byte[31])), "x is not 32 bytes long (RFC 7518 §6.2.1.2)"),
                Arguments.of(Jwks.with(EC, "y", null), "y is missing"));
    }

    /** The P-256 test key with its y coordinate changed by one: a point off the curve. */
    private static String yPlusOne() {
        ECPublicKey key = (ECPublicKey) TestKeys.publicKey(TestKeys.EC_P256);
        return Jwks.b64(Jwks.padded(key.getW().getAffineY().add(BigInteger.ONE), 32));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ignoredEntries")
    void parseLeavesOutEntriesThatMayNotVerifySignaturesAndSaysWhy(Map<String, Object> entry, String reason)
            throws Exception {
        JwkSet set = parse(RSA, entry);

        assertAll(
                () -> assertEquals(1, set.size(), "only the good RSA key is usable"),
                () -> assertEquals(List.of("entry 1: " + reason), set.ignored()));
    }

    @Test
    void parseKeepsEntriesMarkedForSignaturesOrVerification() throws Exception {
        JwkSet set = parse(
                Jwks.with(RSA, "use", "sig"),
                Jwks.with(Jwks.with(EC, "key_ops", List.of("verify")), "alg", "ES256"),
                Jwks.with(Jwks.rsa("rsa-2", TestKeys.RSA_OTHER), "alg", "RS384"));

        assertAll(() -> assertEquals(3, set.size()), () -> assertEquals(List.of(), set.ignored()));
    }

    @Test
    void parseRemembersTheKidOfIgnoredEntriesAsNamed() throws Exception {
        JwkSet set = parse(RSA, Jwks.oct("shared-1", new byte[64]));

        assertAll(
                () -> assertTrue(set.names("rsa-1")),
                () -> assertTrue(set.names("shared-1")),
                () -> assertFalse(set.names("other")));
    }

    @Test
    void onCurveAcceptsTheTestKeyAndRefusesItsMirrorAndOutOfRangeCoordinates() {
        ECPublicKey key = (ECPublicKey) TestKeys.publicKey(TestKeys.EC_P256);
        BigInteger x = key.getW().getAffineX();
        BigInteger y = key.getW().getAffineY();
        BigInteger p =
                ((java.security.spec.ECFieldFp) key.getParams().getCurve().getField()).getP();

        assertAll(
                () -> assertTrue(JwkSetParser.onCurve(key.getParams().getCurve(), x, y)),
                () -> assertTrue(JwkSetParser.onCurve(key.getParams().getCurve(), x, p.subtract(y)), "-y is on it"),
                () -> assertFalse(JwkSetParser.onCurve(key.getParams().getCurve(), x, y.add(p)), "y + p"),
                () -> assertFalse(JwkSetParser.onCurve(key.getParams().getCurve(), BigInteger.ONE, BigInteger.TWO)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{\"keys\":[]} trailing",
                "{\"keys\":[],\"keys\":[]}",
                "{\"keys\":[{\"kty\":\"RSA\",\"kty\":\"EC\"}]}",
                "{\"keys\":["
            })
    void parseWhenDocumentIsNotStrictJsonThenTheFetchFails(String json) {
        JwksFetchException e = refused(json);

        assertTrue(
                e.reason() == Reason.MALFORMED_JSON || e.reason() == Reason.NOT_A_JWKS,
                json + " gave " + e.getMessage());
    }

    @Test
    void parseWhenDocumentHasDuplicateMemberNamesThenMalformedJson() {
        assertEquals(Reason.MALFORMED_JSON, refused("{\"keys\":[],\"keys\":[]}").reason());
    }

    @Test
    void parseWhenDocumentIsNotUtf8ThenMalformedJson() {
        byte[] latin1 = "{\"keys\":[],\"x\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        JwksFetchException e = assertThrows(JwksFetchException.class, () -> JwkSetParser.parse(latin1, 50));

        assertEquals(Reason.MALFORMED_JSON, e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "{\"keys\":{}}", "{\"keys\":\"none\"}", "{\"keys\":[1]}", "null", "42"})
    void parseWhenDocumentIsNotAJwksThenNotAJwks(String json) {
        assertEquals(Reason.NOT_A_JWKS, refused(json).reason());
    }

    @Test
    void parseWhenMoreKeysThanMaxKeysThenTheFetchFails() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(Jwks.rsa("k" + i, TestKeys.RSA));
        }
        byte[] document = Jwks.set(keys).getBytes(StandardCharsets.UTF_8);

        JwksFetchException e = assertThrows(JwksFetchException.class, () -> JwkSetParser.parse(document, 3));

        assertEquals("too_many_keys (4 keys, at most 3)", e.getMessage());
    }

    @Test
    void parseWhenExactlyMaxKeysThenAllAreRead() throws Exception {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(Jwks.rsa("k" + i, TestKeys.RSA));
        }

        JwkSet set = JwkSetParser.parse(Jwks.set(keys).getBytes(StandardCharsets.UTF_8), 3);

        assertEquals(3, set.size());
    }

    @Test
    void parseIgnoresPrivateKeyMembersAndUsesOnlyThePublicPart() throws Exception {
        JwkSet set = parse(
                Jwks.with(RSA, "d", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[256])));

        PublicKey key = set.find("rsa-1", JwsAlgorithm.RS256).orElseThrow();
        assertEquals(TestKeys.publicKey(TestKeys.RSA), key);
    }
}
