package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.ES256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.HS256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_EC_KID;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_OCT_KID;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_RS384_ONLY_KID;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_RSA_KID;
import static dev.jwtauthfilter.attack.AttackTarget.KEY_SOURCE_APP;
import static dev.jwtauthfilter.attack.AttackTarget.KEY_SOURCE_KID;
import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static dev.jwtauthfilter.attack.ForgedTokens.genuineEc;
import static dev.jwtauthfilter.attack.ForgedTokens.genuineHmac;
import static dev.jwtauthfilter.attack.ForgedTokens.genuineRsa;
import static dev.jwtauthfilter.attack.ForgedTokens.header;
import static dev.jwtauthfilter.attack.ForgedTokens.hmac;
import static dev.jwtauthfilter.attack.ForgedTokens.jca;
import static dev.jwtauthfilter.attack.ForgedTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key-type confusion (RFC 8725 §3.1, OWASP JWT cheat sheet "key type confusion" with CVE-2022-29217
 * and CVE-2023-48223; rules R1, R2, R13, O2, O8 (ASVS V9.1.2); java-jwt gap 1, jwks-rsa gap 11): an
 * attacker who knows an application's public key forges HS256/HS384/HS512 tokens keyed with that
 * public key in every encoding a confused verifier might use as HMAC secret (PEM with and without
 * final newline, with CRLF, PEM body, DER, base64 and base64url of the DER, PKCS#1, JWK JSON in
 * several member orders, raw modulus and EC points), and sends them to the RS256, ES256, JWKS and
 * key-source applications, with and without the {@code kid} of the key. Each is refused with 401:
 * HMAC is never in an asymmetric application's allow-list. Then tokens whose {@code alg} does not
 * match the key type (or the JWK {@code alg}) selected by their {@code kid}: the filter uses a key
 * only with its own kind of algorithm, even when the key source answers another kind of key.
 */
class KeyConfusionAttacksIT extends AttackSuite {
    private static final List<String> HMAC_ALGS = List.of("HS256", "HS384", "HS512");

    /** The application's RSA public key in each encoding a confused verifier might take as HMAC key. */
    static Map<String, byte[]> rsaEncodings() {
        RSAPublicKey key = (RSAPublicKey) TestKeys.publicKey(TestKeys.RSA);
        String pem = TestKeys.resourceText("/keys/" + TestKeys.RSA + "-public.pem");
        return encodings(
                pem,
                key.getEncoded(),
                Map.of(
                        "PKCS#1 RSAPublicKey DER", ForgedTokens.pkcs1(key),
                        "PKCS#1 PEM (BEGIN RSA PUBLIC KEY)",
                                ascii(ForgedTokens.pem("RSA PUBLIC KEY", ForgedTokens.pkcs1(key))),
                        "JWK JSON {kty,n,e}", ascii(Jwks.json(Jwks.rsa(null, TestKeys.RSA))),
                        "JWK JSON as the JWKS publishes it (with kid)",
                                ascii(Jwks.json(Jwks.rsa(JWKS_RSA_KID, TestKeys.RSA))),
                        "JWK JSON in RFC 7638 thumbprint order {e,kty,n}",
                                ascii("{\"e\":\"" + Jwks.rsa(null, TestKeys.RSA).get("e")
                                        + "\",\"kty\":\"RSA\",\"n\":\""
                                        + Jwks.rsa(null, TestKeys.RSA).get("n") + "\"}"),
                        "modulus n, unsigned big-endian bytes", Jwks.unsigned(key.getModulus())));
    }

    /** The application's P-256 public key in each encoding. */
    static Map<String, byte[]> ecEncodings() {
        ECPublicKey key = (ECPublicKey) TestKeys.publicKey(TestKeys.EC_P256);
        String pem = TestKeys.resourceText("/keys/" + TestKeys.EC_P256 + "-public.pem");
        Map<String, Object> jwk = Jwks.ec(null, TestKeys.EC_P256);
        byte[] x = Jwks.padded(key.getW().getAffineX(), 32);
        byte[] y = Jwks.padded(key.getW().getAffineY(), 32);
        byte[] uncompressed = new byte[65];
        uncompressed[0] = 4;
        System.arraycopy(x, 0, uncompressed, 1, 32);
        System.arraycopy(y, 0, uncompressed, 33, 32);
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (key.getW().getAffineY().testBit(0) ? 3 : 2);
        System.arraycopy(x, 0, compressed, 1, 32);
        return encodings(
                pem,
                key.getEncoded(),
                Map.of(
                        "JWK JSON {kty,crv,x,y}", ascii(Jwks.json(jwk)),
                        "JWK JSON as the JWKS publishes it (with kid)",
                                ascii(Jwks.json(Jwks.ec(JWKS_EC_KID, TestKeys.EC_P256))),
                        "JWK JSON in RFC 7638 thumbprint order {crv,kty,x,y}",
                                ascii("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\""
                                        + jwk.get("y") + "\"}"),
                        "uncompressed point 04||x||y", uncompressed,
                        "compressed point 02/03||x", compressed));
    }

    private static Map<String, byte[]> encodings(String publishedPem, byte[] der, Map<String, byte[]> more) {
        if (!publishedPem.endsWith("\n") || publishedPem.contains("\r")) {
            throw new IllegalStateException("the published PEM was expected to end with LF and have no CR");
        }
        String noFinalNewline = publishedPem.stripTrailing();
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put("PEM as published (final newline)", ascii(publishedPem));
        all.put("PEM without final newline", ascii(noFinalNewline));
        all.put("PEM with CRLF line ends", ascii(publishedPem.replace("\n", "\r\n")));
        all.put("PEM with CRLF, no final newline", ascii(noFinalNewline.replace("\n", "\r\n")));
        all.put(
                "PEM body without armour or newlines",
                ascii(noFinalNewline.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "")));
        all.put("DER SubjectPublicKeyInfo", der);
        all.put("base64 of the DER", ascii(Base64.getEncoder().encodeToString(der)));
        all.put(
                "base64url of the DER",
                ascii(Base64.getUrlEncoder().withoutPadding().encodeToString(der)));
        new TreeMap<>(more).forEach(all::put);
        return all;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> hmacKeyedWithThePublicKey() {
        List<Arguments> out = new ArrayList<>();
        for (String hs : HMAC_ALGS) {
            rsaEncodings().forEach((encoding, key) -> {
                String what = hs + " keyed with the RSA public key as " + encoding;
                out.add(Arguments.of(what, RS256_APP, hs, null, key));
                out.add(Arguments.of(what + ", kid of that key", JWKS_APP, hs, JWKS_RSA_KID, key));
                out.add(Arguments.of(what + ", no kid", JWKS_APP, hs, null, key));
                out.add(Arguments.of(what + ", kid of that key", KEY_SOURCE_APP, hs, KEY_SOURCE_KID, key));
            });
            ecEncodings().forEach((encoding, key) -> {
                String what = hs + " keyed with the EC public key as " + encoding;
                out.add(Arguments.of(what, ES256_APP, hs, null, key));
                out.add(Arguments.of(what + ", kid of that key", JWKS_APP, hs, JWKS_EC_KID, key));
                out.add(Arguments.of(what + ", no kid", JWKS_APP, hs, null, key));
            });
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("hmacKeyedWithThePublicKey")
    void hmacTokenKeyedWithThePublicKeyInAnyEncodingIsRefused(
            String label, String app, String hsAlg, String kid, byte[] hmacKey) throws Exception {
        int asked = target.keySource().questions().size();
        String token = sign(header(hsAlg, kid), validPayload(), hmac(ForgedTokens.macName(hsAlg), hmacKey));

        assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token);
        assertEquals(List.of(), questionsSince(asked), "the key source was asked");
    }

    /** Tokens whose alg is not the one the key named by their kid may be used with. */
    static Stream<Arguments> algNotMatchingTheKeyOfTheKid() {
        byte[] secret = TestKeys.hmacSecret();
        byte[] octK = ascii(Jwks.b64(secret));
        return Stream.of(
                Arguments.of("ES256, kid of the RSA key, signed with the EC key", "ES256", JWKS_RSA_KID, genuineEc()),
                Arguments.of(
                        "ES256, kid of the RSA key, RSA signature by that key", "ES256", JWKS_RSA_KID, genuineRsa()),
                Arguments.of("RS256, kid of the EC key, signed with the RSA key", "RS256", JWKS_EC_KID, genuineRsa()),
                Arguments.of(
                        "RS256, kid of the EC key, ECDSA signature by that key", "RS256", JWKS_EC_KID, genuineEc()),
                Arguments.of(
                        "RS256, kid of the RS384-only key, signed with that key",
                        "RS256",
                        JWKS_RS384_ONLY_KID,
                        jca("SHA256withRSA", TestKeys.privateKey(TestKeys.RSA_OTHER))),
                Arguments.of(
                        "RS256, kid of the RS384-only key, signed with the other RSA key of the JWKS",
                        "RS256",
                        JWKS_RS384_ONLY_KID,
                        genuineRsa()),
                Arguments.of(
                        "ES256, kid of the RS384-only key, signed with the EC key",
                        "ES256",
                        JWKS_RS384_ONLY_KID,
                        genuineEc()),
                Arguments.of("HS256, kid of the oct key, keyed with its secret", "HS256", JWKS_OCT_KID, genuineHmac()),
                Arguments.of(
                        "HS256, kid of the oct key, keyed with its k text",
                        "HS256",
                        JWKS_OCT_KID,
                        hmac("HmacSHA256", octK)),
                Arguments.of(
                        "HS512, kid of the oct key, keyed with its secret",
                        "HS512",
                        JWKS_OCT_KID,
                        hmac("HmacSHA512", secret)),
                Arguments.of("RS256, kid of the oct key, signed with the RSA key", "RS256", JWKS_OCT_KID, genuineRsa()),
                Arguments.of("ES256, kid of the oct key, signed with the EC key", "ES256", JWKS_OCT_KID, genuineEc()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algNotMatchingTheKeyOfTheKid")
    void jwksTokenWhoseAlgDoesNotMatchTheKeySelectedByItsKidIsRefused(
            String label, String alg, String kid, ForgedTokens.Signer signer) throws Exception {
        String token = sign(header(alg, kid), validPayload(), signer);

        assertRefused(bearer(JWKS_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void keySourceTokenSignedWithEs256UnderTheKidOfTheRsaKeyIsRefusedBeforeTheKeySourceIsAsked() throws Exception {
        int asked = target.keySource().questions().size();
        for (ForgedTokens.Signer signer : List.of(genuineEc(), genuineRsa())) {
            String token = sign(header("ES256", KEY_SOURCE_KID), validPayload(), signer);

            assertRefused(bearer(KEY_SOURCE_APP, token), Refusal.INVALID_TOKEN, token);
        }
        assertEquals(List.of(), questionsSince(asked), "the key source was asked");
    }

    /**
     * The application's key source answers any key it holds for a kid, whatever the algorithm: the
     * filter must check the key's type (and RSA size) itself. Keys are added under fresh kids for
     * this test only.
     */
    @Test
    void keySourceTokenWhoseKidNamesAKeyOfTheWrongKindOrSizeIsRefusedAfterOneQuestion() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ecKid = "attack-alg-ec-" + suffix;
        String p384Kid = "attack-alg-p384-" + suffix;
        String shortRsaKid = "attack-alg-rsa1024-" + suffix;
        target.keySource()
                .put(ecKid, TestKeys.EC_P256)
                .put(p384Kid, TestKeys.EC_P384)
                .put(shortRsaKid, TestKeys.RSA_1024);
        try {
            Map<String, ForgedTokens.Signer> cases = new LinkedHashMap<>();
            cases.put(ecKid, genuineEc());
            cases.put(p384Kid, jca("SHA384withECDSAinP1363Format", TestKeys.privateKey(TestKeys.EC_P384)));
            cases.put(shortRsaKid, jca("SHA256withRSA", TestKeys.privateKey(TestKeys.RSA_1024)));
            for (Map.Entry<String, ForgedTokens.Signer> c : cases.entrySet()) {
                int asked = target.keySource().questions().size();
                String token = sign(header("RS256", c.getKey()), validPayload(), c.getValue());

                assertRefused(bearer(KEY_SOURCE_APP, token), Refusal.INVALID_TOKEN, token, c.getKey());
                assertEquals(List.of(c.getKey() + " RS256"), questionsSince(asked), "questions to the key source");
            }
        } finally {
            target.keySource().remove(ecKid);
            target.keySource().remove(p384Kid);
            target.keySource().remove(shortRsaKid);
        }
    }

    // --- positive controls ----------------------------------------------------------------------

    @Test
    void genuineTokensOfEachKeyAndTheHmacForgingCodeWithTheRealSecretAreAccepted() throws Exception {
        assertAccepted(bearer(RS256_APP, rs256Token()), "alice");
        assertAccepted(bearer(ES256_APP, es256Token()), "alice");
        assertAccepted(bearer(JWKS_APP, sign(header("RS256", JWKS_RSA_KID), validPayload(), genuineRsa())), "alice");
        assertAccepted(bearer(JWKS_APP, sign(header("ES256", JWKS_EC_KID), validPayload(), genuineEc())), "alice");
        assertAccepted(
                bearer(KEY_SOURCE_APP, sign(header("RS256", KEY_SOURCE_KID), validPayload(), genuineRsa())), "alice");
        // the same HMAC code as the forgeries, keyed with the one secret an HS256 application trusts
        assertAccepted(
                bearer(
                        HS256_APP,
                        sign(header("HS256", null), validPayload(), hmac("HmacSHA256", TestKeys.hmacSecret()))),
                "alice");
    }

    private List<String> questionsSince(int before) {
        List<String> all = target.keySource().questions();
        return all.subList(before, all.size());
    }
}
