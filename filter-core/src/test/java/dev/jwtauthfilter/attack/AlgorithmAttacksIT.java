package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.ES256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.HS256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_EC_KID;
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
import static dev.jwtauthfilter.attack.ForgedTokens.pss;
import static dev.jwtauthfilter.attack.ForgedTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Algorithm attacks (RFC 8725 §3.1–3.2, RFC 7515 §4.1.1 and §5.2, RFC 7518 §3.6; rules R1, R3, R4,
 * R25, R28, R31, R34, R43, O1, O8 (ASVS V9.1.2); java-jwt gap 1): the filter verifies a token only
 * with an algorithm in its allow-list, chosen by the header's exact {@code alg} string. {@code none}
 * in any case spelling, with or without a signature, an algorithm outside the allow-list signed with
 * the application's genuine key (RS384/RS512, RSASSA-PSS, ECDSA, HMAC, EdDSA), and an {@code alg}
 * that is not exactly an allowed name (case, spaces, NUL, missing, null, a number, an array, an
 * object, duplicated) are all refused with 401 {@code invalid_token}, on every application, and
 * before the {@code /keys} application's key source is even asked. ECDSA signatures outside their
 * range (the "psychic signature" {@code r = s = 0} of CVE-2022-21449 and its relatives; R6, gap 9)
 * are refused too. Each forged token differs from an accepted one only in its algorithm: the
 * positive controls show that the same forging code with the right {@code alg} is accepted.
 */
class AlgorithmAttacksIT extends AttackSuite {
    static final List<String> NONE_SPELLINGS =
            List.of("none", "None", "NONE", "nOnE", "NoNe", "noNE", "nonE", "NONe", "nONE");

    /** P-256's group order n. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    /** What an unsecured token carries where the signature goes. */
    enum UnsecuredSignature {
        /** {@code header.payload.}: RFC 7519 §6's Unsecured JWS form. */
        EMPTY,
        /** {@code header.payload}: no third segment at all. */
        NO_SEGMENT,
        /** An RS256 signature by the application's genuine key over exactly this header and payload. */
        GENUINE_KEY_OVER_THIS_INPUT,
        /** The signature segment of a genuine token for the same application (looks real, signs other bytes). */
        COPIED_FROM_A_GENUINE_TOKEN
    }

    static Stream<Arguments> noneSpellingsAndSignatures() {
        List<Arguments> out = new ArrayList<>();
        for (String alg : NONE_SPELLINGS) {
            for (UnsecuredSignature s : UnsecuredSignature.values()) {
                out.add(Arguments.of(alg, s));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "alg \"{0}\", signature {1}")
    @MethodSource("noneSpellingsAndSignatures")
    void unsecuredTokenIsRefusedInEveryCaseSpellingWhateverItsSignature(String alg, UnsecuredSignature signature)
            throws Exception {
        String headerJson = header(alg, null);
        String payloadJson = validPayload();
        String input = TestTokens.signingInput(headerJson, payloadJson);
        String token;
        switch (signature) {
            case EMPTY:
                token = input + ".";
                break;
            case NO_SEGMENT:
                token = input;
                break;
            case GENUINE_KEY_OVER_THIS_INPUT:
                token = sign(headerJson, payloadJson, genuineRsa());
                break;
            default:
                String genuine = rs256Token();
                token = input + genuine.substring(genuine.lastIndexOf('.'));
                break;
        }

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {RS256_APP, ES256_APP, HS256_APP, JWKS_APP, KEY_SOURCE_APP})
    void unsecuredTokenCarryingTheApplicationsOwnKidAndSignatureIsRefusedOnEveryApplication(String app)
            throws Exception {
        int asked = target.keySource().questions().size();
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String token = sign(header(alg, ForgedTokens.genuineRsaKid(app)), validPayload(), signerOf(app));

            assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token);
        }
        assertKeySourceNotAskedSince(asked);
    }

    /** A token of an algorithm the application does not allow, signed with a real key. */
    record Forgery(String app, String alg, String kid, ForgedTokens.Signer signer) {
        String mint() {
            return sign(header(alg, kid), validPayload(), signer);
        }
    }

    static Stream<Arguments> outsideTheAllowList() {
        KeyPair ed25519 = ForgedTokens.freshKeyPair("Ed25519");
        Supplier<PrivateKey> rsa = () -> TestKeys.privateKey(TestKeys.RSA);
        Supplier<PrivateKey> ec = () -> TestKeys.privateKey(TestKeys.EC_P256);
        byte[] secret = TestKeys.hmacSecret();
        return Stream.of(
                // /app allows RS256 only; its genuine key is TestKeys.RSA
                forgery("RS384 by the genuine RSA key", RS256_APP, "RS384", null, jca("SHA384withRSA", rsa.get())),
                forgery("RS512 by the genuine RSA key", RS256_APP, "RS512", null, jca("SHA512withRSA", rsa.get())),
                forgery("PS256 (RSASSA-PSS) by the genuine RSA key", RS256_APP, "PS256", null, pss(256, rsa.get())),
                forgery("PS384 by the genuine RSA key", RS256_APP, "PS384", null, pss(384, rsa.get())),
                forgery("PS512 by the genuine RSA key", RS256_APP, "PS512", null, pss(512, rsa.get())),
                forgery("ES256 by an EC P-256 key", RS256_APP, "ES256", null, genuineEc()),
                forgery(
                        "ES384 by an EC P-384 key",
                        RS256_APP,
                        "ES384",
                        null,
                        jca("SHA384withECDSAinP1363Format", TestKeys.privateKey(TestKeys.EC_P384))),
                forgery("HS256 by the HS256 application's secret", RS256_APP, "HS256", null, genuineHmac()),
                forgery(
                        "HS512 by the HS256 application's secret",
                        RS256_APP,
                        "HS512",
                        null,
                        hmac("HmacSHA512", secret)),
                forgery("EdDSA by an Ed25519 key", RS256_APP, "EdDSA", null, jca("Ed25519", ed25519.getPrivate())),
                // /es allows ES256 only; its genuine key is TestKeys.EC_P256
                forgery(
                        "ES384 by the genuine P-256 key",
                        ES256_APP,
                        "ES384",
                        null,
                        jca("SHA384withECDSAinP1363Format", ec.get())),
                forgery(
                        "ES512 by the genuine P-256 key",
                        ES256_APP,
                        "ES512",
                        null,
                        jca("SHA512withECDSAinP1363Format", ec.get())),
                forgery("RS256 by the RSA key", ES256_APP, "RS256", null, genuineRsa()),
                forgery("PS256 by the RSA key", ES256_APP, "PS256", null, pss(256, rsa.get())),
                forgery("HS256 by the HS256 application's secret", ES256_APP, "HS256", null, genuineHmac()),
                // /hs allows HS256 only with its 64-byte secret
                forgery("HS384 by the genuine secret", HS256_APP, "HS384", null, hmac("HmacSHA384", secret)),
                forgery("HS512 by the genuine secret", HS256_APP, "HS512", null, hmac("HmacSHA512", secret)),
                forgery("RS256 by the RSA key", HS256_APP, "RS256", null, genuineRsa()),
                forgery("ES256 by the EC key", HS256_APP, "ES256", null, genuineEc()),
                // /jwks allows RS256 and ES256, with the kid of a key its JWKS publishes
                forgery(
                        "RS384 by the RSA key its JWKS publishes, with that kid",
                        JWKS_APP,
                        "RS384",
                        JWKS_RSA_KID,
                        jca("SHA384withRSA", rsa.get())),
                forgery(
                        "RS512 by the RSA key its JWKS publishes, with that kid",
                        JWKS_APP,
                        "RS512",
                        JWKS_RSA_KID,
                        jca("SHA512withRSA", rsa.get())),
                forgery(
                        "PS256 by the RSA key its JWKS publishes, with that kid",
                        JWKS_APP,
                        "PS256",
                        JWKS_RSA_KID,
                        pss(256, rsa.get())),
                forgery(
                        "ES384 by the EC key its JWKS publishes, with that kid",
                        JWKS_APP,
                        "ES384",
                        JWKS_EC_KID,
                        jca("SHA384withECDSAinP1363Format", ec.get())),
                forgery(
                        "RS384 by the key whose JWK says alg RS384, with that kid",
                        JWKS_APP,
                        "RS384",
                        JWKS_RS384_ONLY_KID,
                        jca("SHA384withRSA", TestKeys.privateKey(TestKeys.RSA_OTHER))),
                // /keys allows RS256 only; its key source holds the genuine RSA key
                forgery(
                        "RS384 by the key source's RSA key, with its kid",
                        KEY_SOURCE_APP,
                        "RS384",
                        KEY_SOURCE_KID,
                        jca("SHA384withRSA", rsa.get())),
                forgery(
                        "RS512 by the key source's RSA key, with its kid",
                        KEY_SOURCE_APP,
                        "RS512",
                        KEY_SOURCE_KID,
                        jca("SHA512withRSA", rsa.get())),
                forgery(
                        "PS256 by the key source's RSA key, with its kid",
                        KEY_SOURCE_APP,
                        "PS256",
                        KEY_SOURCE_KID,
                        pss(256, rsa.get())));
    }

    private static Arguments forgery(String label, String app, String alg, String kid, ForgedTokens.Signer signer) {
        return Arguments.of(label, app, new Forgery(app, alg, kid, signer));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("outsideTheAllowList")
    void algorithmOutsideTheAllowListIsRefusedEvenWhenSignedWithTheGenuineKey(String label, String app, Forgery forgery)
            throws Exception {
        int asked = target.keySource().questions().size();
        String token = forgery.mint();

        assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token);
        assertKeySourceNotAskedSince(asked);
    }

    /** Header JSON with an {@code alg} that is not exactly an allowed name; {@code %s} is the rest. */
    static Stream<Arguments> oddAlgHeaders() {
        return Stream.of(
                Arguments.of("lower case rs256", "{\"alg\":\"rs256\",\"typ\":\"JWT\"%s}"),
                Arguments.of("mixed case Rs256", "{\"alg\":\"Rs256\",\"typ\":\"JWT\"%s}"),
                Arguments.of("trailing space", "{\"alg\":\"RS256 \",\"typ\":\"JWT\"%s}"),
                Arguments.of("leading space", "{\"alg\":\" RS256\",\"typ\":\"JWT\"%s}"),
                Arguments.of("inner space RS 256", "{\"alg\":\"RS 256\",\"typ\":\"JWT\"%s}"),
                Arguments.of("trailing tab (escaped)", "{\"alg\":\"RS256\\t\",\"typ\":\"JWT\"%s}"),
                Arguments.of("trailing newline (escaped)", "{\"alg\":\"RS256\\n\",\"typ\":\"JWT\"%s}"),
                Arguments.of("trailing NUL (escaped)", "{\"alg\":\"RS256\\u0000\",\"typ\":\"JWT\"%s}"),
                Arguments.of("fullwidth look-alike", "{\"alg\":\"\\uFF32\\uFF33256\",\"typ\":\"JWT\"%s}"),
                Arguments.of("RS256 with a zero-width space", "{\"alg\":\"RS256\\u200B\",\"typ\":\"JWT\"%s}"),
                Arguments.of("empty string", "{\"alg\":\"\",\"typ\":\"JWT\"%s}"),
                Arguments.of("missing", "{\"typ\":\"JWT\"%s}"),
                Arguments.of("null", "{\"alg\":null,\"typ\":\"JWT\"%s}"),
                Arguments.of("number 256", "{\"alg\":256,\"typ\":\"JWT\"%s}"),
                Arguments.of("boolean true", "{\"alg\":true,\"typ\":\"JWT\"%s}"),
                Arguments.of("array [\"RS256\"]", "{\"alg\":[\"RS256\"],\"typ\":\"JWT\"%s}"),
                Arguments.of("object {\"name\":\"RS256\"}", "{\"alg\":{\"name\":\"RS256\"},\"typ\":\"JWT\"%s}"),
                Arguments.of("duplicated, none last", "{\"alg\":\"RS256\",\"alg\":\"none\",\"typ\":\"JWT\"%s}"),
                Arguments.of("duplicated, RS256 last", "{\"alg\":\"none\",\"alg\":\"RS256\",\"typ\":\"JWT\"%s}"),
                Arguments.of("RS256 in another member name (ALG)", "{\"ALG\":\"RS256\",\"typ\":\"JWT\"%s}"));
    }

    @ParameterizedTest(name = "alg {0}")
    @MethodSource("oddAlgHeaders")
    void oddAlgValueIsRefusedThoughTheSignatureIsAGenuineRs256One(String label, String headerTemplate)
            throws Exception {
        String token = sign(String.format(headerTemplate, ""), validPayload(), genuineRsa());

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "alg {0}")
    @MethodSource("oddAlgHeaders")
    void oddAlgValueWithAKnownKidIsRefusedOnJwksAndBeforeTheKeySourceIsAsked(String label, String headerTemplate)
            throws Exception {
        int asked = target.keySource().questions().size();
        String jwksToken =
                sign(String.format(headerTemplate, ",\"kid\":\"" + JWKS_RSA_KID + "\""), validPayload(), genuineRsa());
        String keysToken = sign(
                String.format(headerTemplate, ",\"kid\":\"" + KEY_SOURCE_KID + "\""), validPayload(), genuineRsa());

        assertRefused(bearer(JWKS_APP, jwksToken), Refusal.INVALID_TOKEN, jwksToken);
        assertRefused(bearer(KEY_SOURCE_APP, keysToken), Refusal.INVALID_TOKEN, keysToken);
        assertKeySourceNotAskedSince(asked);
    }

    static Stream<Arguments> invalidEcdsaSignatures() {
        byte[] n = Jwks.padded(P256_ORDER, 32);
        byte[] one = Jwks.padded(BigInteger.ONE, 32);
        byte[] zero = new byte[32];
        return Stream.of(
                Arguments.of("r = s = 0 (CVE-2022-21449)", concat(zero, zero)),
                Arguments.of("r = 0, s = 1", concat(zero, one)),
                Arguments.of("r = 1, s = 0", concat(one, zero)),
                Arguments.of("r = s = n", concat(n, n)),
                Arguments.of("r = n, s = 1", concat(n, one)),
                Arguments.of("DER-encoded r = s = 0", new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}),
                Arguments.of("65 zero bytes", new byte[65]),
                Arguments.of("63 zero bytes", new byte[63]));
    }

    /**
     * An ES256 token whose signature is a value ECDSA must refuse (RFC 8725 §3.4, R6, java-jwt gap 9):
     * the "psychic signature" family. The header and claims are those of a valid token.
     */
    @ParameterizedTest(name = "signature {0}")
    @MethodSource("invalidEcdsaSignatures")
    void ecdsaSignatureOutsideItsRangeIsRefused(String label, byte[] signature) throws Exception {
        String esToken =
                TestTokens.signingInput(header("ES256", null), validPayload()) + "." + TestTokens.b64(signature);
        String jwksToken =
                TestTokens.signingInput(header("ES256", JWKS_EC_KID), validPayload()) + "." + TestTokens.b64(signature);

        assertRefused(bearer(ES256_APP, esToken), Refusal.INVALID_TOKEN, esToken);
        assertRefused(bearer(JWKS_APP, jwksToken), Refusal.INVALID_TOKEN, jwksToken);
    }

    // --- positive controls ----------------------------------------------------------------------

    @Test
    void tokensForgedTheSameWayWithAnAllowedAlgAreAcceptedOnEveryApplication() throws Exception {
        assertAccepted(bearer(RS256_APP, sign(header("RS256", null), validPayload(), genuineRsa())), "alice");
        assertAccepted(bearer(ES256_APP, sign(header("ES256", null), validPayload(), genuineEc())), "alice");
        assertAccepted(bearer(HS256_APP, sign(header("HS256", null), validPayload(), genuineHmac())), "alice");
        assertAccepted(bearer(JWKS_APP, sign(header("RS256", JWKS_RSA_KID), validPayload(), genuineRsa())), "alice");
        assertAccepted(bearer(JWKS_APP, sign(header("ES256", JWKS_EC_KID), validPayload(), genuineEc())), "alice");
        int asked = target.keySource().questions().size();
        assertAccepted(
                bearer(KEY_SOURCE_APP, sign(header("RS256", KEY_SOURCE_KID), validPayload(), genuineRsa())), "alice");
        assertEquals(List.of(KEY_SOURCE_KID + " RS256"), questionsSince(asked), "questions to the key source");
        // and the standard java-jwt tokens too
        assertAccepted(bearer(RS256_APP, rs256Token()), "alice");
        assertAccepted(bearer(ES256_APP, es256Token()), "alice");
        assertAccepted(bearer(HS256_APP, hs256Token()), "alice");
    }

    /**
     * The forgeries above are what they claim: a PS*, RS384/512 or ES384 signature by the genuine
     * key over the token's bytes, which a verifier that trusted the header's {@code alg} would accept.
     */
    @Test
    void forgeriesOutsideTheAllowListCarryRealSignaturesOfTheGenuineKey() throws Exception {
        PublicKey rsa = TestKeys.publicKey(TestKeys.RSA);
        PublicKey ec = TestKeys.publicKey(TestKeys.EC_P256);
        for (int bits : new int[] {256, 384, 512}) {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(ForgedTokens.pssParameters(bits));
            assertTrue(
                    verifies(
                            pss,
                            rsa,
                            new Forgery(RS256_APP, "PS" + bits, null, pss(bits, TestKeys.privateKey(TestKeys.RSA)))
                                    .mint()),
                    "PS" + bits);
        }
        assertTrue(verifies(
                Signature.getInstance("SHA384withRSA"),
                rsa,
                new Forgery(RS256_APP, "RS384", null, jca("SHA384withRSA", TestKeys.privateKey(TestKeys.RSA))).mint()));
        assertTrue(verifies(
                Signature.getInstance("SHA384withECDSAinP1363Format"),
                ec,
                new Forgery(
                                ES256_APP,
                                "ES384",
                                null,
                                jca("SHA384withECDSAinP1363Format", TestKeys.privateKey(TestKeys.EC_P256)))
                        .mint()));
    }

    private static boolean verifies(Signature verifier, PublicKey key, String token) throws Exception {
        int lastDot = token.lastIndexOf('.');
        verifier.initVerify(key);
        verifier.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
    }

    // --- helpers --------------------------------------------------------------------------------

    /** r||s as JOSE writes an ECDSA signature. */
    private static byte[] concat(byte[] r, byte[] s) {
        byte[] out = Arrays.copyOf(r, r.length + s.length);
        System.arraycopy(s, 0, out, r.length, s.length);
        return out;
    }

    private static ForgedTokens.Signer signerOf(String app) {
        switch (app) {
            case ES256_APP:
                return genuineEc();
            case HS256_APP:
                return genuineHmac();
            default:
                return genuineRsa();
        }
    }

    private List<String> questionsSince(int before) {
        List<String> all = target.keySource().questions();
        return all.subList(before, all.size());
    }

    private void assertKeySourceNotAskedSince(int before) {
        assertEquals(List.of(), questionsSince(before), "the key source was asked");
    }
}
