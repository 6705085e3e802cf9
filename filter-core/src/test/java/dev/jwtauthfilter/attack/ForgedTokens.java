package dev.jwtauthfilter.attack;

import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens as an attacker writes them: any header and payload JSON, signed by any key with any JCA
 * algorithm (so a header can say one thing and the signature be another), plus fresh attacker key
 * pairs, their JWKs and the test-only attacker certificates. Shared by the algorithm, key-confusion
 * and key-injection attack classes.
 */
final class ForgedTokens {
    /** The attacker's self-signed certificate and key (never trusted by any application). */
    static final String ATTACKER_RSA = "test-only-attacker-rsa-2048";
    /** The attacker's self-signed P-256 certificate and key. */
    static final String ATTACKER_EC = "test-only-attacker-ec-p256";

    private ForgedTokens() {}

    /** Makes the signature bytes over the signing input ({@code header.payload} as ASCII). */
    @FunctionalInterface
    interface Signer {
        byte[] sign(byte[] input) throws GeneralSecurityException;
    }

    /** {@code header.payload.signature} with the signer's signature over {@code header.payload}. */
    static String sign(String headerJson, String payloadJson, Signer signer) {
        String input = TestTokens.signingInput(headerJson, payloadJson);
        try {
            return input + "." + TestTokens.b64(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JCA signature such as {@code SHA256withRSA} or {@code SHA256withECDSAinP1363Format} (JOSE's r||s). */
    static Signer jca(String algorithm, PrivateKey key) {
        return input -> {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(input);
            return s.sign();
        };
    }

    /** RSASSA-PSS as JWA's PS256/384/512 define it: SHA-n, MGF1 with SHA-n, salt of the hash length. */
    static Signer pss(int hashBits, PrivateKey key) {
        return input -> {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(pssParameters(hashBits));
            s.initSign(key);
            s.update(input);
            return s.sign();
        };
    }

    static PSSParameterSpec pssParameters(int hashBits) {
        String hash = "SHA-" + hashBits;
        return new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), hashBits / 8, 1);
    }

    /** HMAC ({@code HmacSHA256} etc.) under arbitrary key bytes. */
    static Signer hmac(String macAlgorithm, byte[] key) {
        return input -> {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac.doFinal(input);
        };
    }

    /** The JCA HMAC name for HS256/HS384/HS512. */
    static String macName(String hsAlg) {
        return "HmacSHA" + hsAlg.substring(2);
    }

    /** RS256 with the application's genuine RSA key ({@link TestKeys#RSA}). */
    static Signer genuineRsa() {
        return jca("SHA256withRSA", TestKeys.privateKey(TestKeys.RSA));
    }

    /** ES256 with the genuine P-256 key ({@link TestKeys#EC_P256}). */
    static Signer genuineEc() {
        return jca("SHA256withECDSAinP1363Format", TestKeys.privateKey(TestKeys.EC_P256));
    }

    /** HS256 with the genuine 64-byte secret of the HS256 application. */
    static Signer genuineHmac() {
        return hmac("HmacSHA256", TestKeys.hmacSecret());
    }

    /** {@code {"alg":alg,"typ":"JWT"}} plus {@code "kid"} when not null, as java-jwt writes a header. */
    /** The {@code kid} under which an application holds the genuine RSA key, or null where keys are fixed. */
    static String genuineRsaKid(String app) {
        switch (app) {
            case AttackTarget.JWKS_APP:
                return AttackTarget.JWKS_RSA_KID;
            case AttackTarget.KEY_SOURCE_APP:
                return AttackTarget.KEY_SOURCE_KID;
            default:
                return null;
        }
    }

    static String header(String alg, String kid) {
        return "{\"alg\":" + Jwks.json(alg) + ",\"typ\":\"JWT\"" + (kid == null ? "" : ",\"kid\":" + Jwks.json(kid))
                + "}";
    }

    /** A header with more members after alg and typ, e.g. {@code "jku":"..."}; no kid if null. */
    static String header(String alg, String kid, String extraMembers) {
        String base = header(alg, kid);
        return base.substring(0, base.length() - 1) + "," + extraMembers + "}";
    }

    /** A fresh key pair of the attacker's: {@code RSA} (2048), {@code EC} (P-256) or {@code Ed25519}. */
    static KeyPair freshKeyPair(String kind) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(kind);
            if (kind.equals("RSA")) {
                g.initialize(2048);
            } else if (kind.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of any RSA or EC key ({@code kid} left out when null). */
    static Map<String, Object> jwk(PublicKey key, String kid) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            jwk.put("kty", "RSA");
            if (kid != null) {
                jwk.put("kid", kid);
            }
            jwk.put("n", Jwks.b64(Jwks.unsigned(rsa.getModulus())));
            jwk.put("e", Jwks.b64(Jwks.unsigned(rsa.getPublicExponent())));
        } else {
            ECPublicKey ec = (ECPublicKey) key;
            int length = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            jwk.put("kty", "EC");
            if (kid != null) {
                jwk.put("kid", kid);
            }
            jwk.put("crv", "P-" + ec.getParams().getCurve().getField().getFieldSize());
            jwk.put("x", Jwks.b64(Jwks.padded(ec.getW().getAffineX(), length)));
            jwk.put("y", Jwks.b64(Jwks.padded(ec.getW().getAffineY(), length)));
        }
        return jwk;
    }

    /** One of the committed test-only attacker certificates ({@link #ATTACKER_RSA}, {@link #ATTACKER_EC}). */
    static X509Certificate attackerCertificate(String name) {
        byte[] pem = TestKeys.resourceText("/keys/" + name + "-cert.pem").getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = new ByteArrayInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate as an {@code x5c} entry: standard base64 (not base64url) of the DER. */
    static String x5cEntry(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The PKCS#1 {@code RSAPublicKey} inside an RSA SubjectPublicKeyInfo: the content of its BIT
     * STRING after the unused-bits byte.
     */
    static byte[] pkcs1(RSAPublicKey key) {
        byte[] spki = key.getEncoded();
        int[] outer = derHeader(spki, 0); // SEQUENCE
        int[] algorithm = derHeader(spki, outer[0]); // SEQUENCE AlgorithmIdentifier
        int bitString = algorithm[0] + algorithm[1];
        int[] bits = derHeader(spki, bitString); // BIT STRING
        return Arrays.copyOfRange(spki, bits[0] + 1, bits[0] + bits[1]);
    }

    /** DER tag and length at {@code at}: {content offset, content length}. */
    private static int[] derHeader(byte[] der, int at) {
        int lengthByte = der[at + 1] & 0xFF;
        if (lengthByte < 0x80) {
            return new int[] {at + 2, lengthByte};
        }
        int count = lengthByte & 0x7F;
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[at + 2 + i] & 0xFF);
        }
        return new int[] {at + 2 + count, length};
    }

    /** PEM armour with 64-character lines and a final newline. */
    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
