package dev.jwtauthfilter.jwks;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.jwks.JwksFetchException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JWKS document into a {@link JwkSet} (RFC 7517, RFC 7518 §6). The document itself must be
 * strict JSON (no duplicate names, nothing after the value), an object whose {@code keys} member is an
 * array of at most {@code maxKeys} objects; otherwise the whole fetch fails. Entries that cannot
 * verify signatures are left out, each with a fixed reason:
 *
 * <ul>
 *   <li>{@code use} other than {@code sig}, or {@code key_ops} without {@code verify};
 *   <li>{@code kty} other than {@code RSA} and {@code EC}: {@code oct} keys are never used;
 *   <li>an {@code alg} that is not RS256/384/512 or ES256/384/512, or not of the key's type and curve;
 *   <li>a {@code kid} that is not a string;
 *   <li>RSA under 2048 bits or with a bad exponent; EC not on P-256/384/521, coordinates of the wrong
 *       length, or a point that is not on the curve (RFC 8725 §3.4; the JDK's {@code KeyFactory} does
 *       not check this).
 * </ul>
 */
final class JwkSetParser {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** JWK {@code crv} to the algorithm that uses that curve. */
    private static final Map<String, JwsAlgorithm> CURVES =
            Map.of("P-256", JwsAlgorithm.ES256, "P-384", JwsAlgorithm.ES384, "P-521", JwsAlgorithm.ES512);

    private static final Map<JwsAlgorithm, ECParameterSpec> CURVE_PARAMS = Map.of(
            JwsAlgorithm.ES256, curve("secp256r1"),
            JwsAlgorithm.ES384, curve("secp384r1"),
            JwsAlgorithm.ES512, curve("secp521r1"));

    private JwkSetParser() {}

    static JwkSet parse(byte[] document, int maxKeys) throws JwksFetchException {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw new JwksFetchException(Reason.MALFORMED_JSON);
        }
        JsonNode keys = root == null ? null : root.get("keys");
        if (root == null || !root.isObject() || keys == null || !keys.isArray()) {
            throw new JwksFetchException(Reason.NOT_A_JWKS, "no keys array");
        }
        if (keys.size() > maxKeys) {
            throw new JwksFetchException(Reason.TOO_MANY_KEYS, keys.size() + " keys, at most " + maxKeys);
        }
        List<Jwk> usable = new ArrayList<>();
        Set<String> named = new HashSet<>();
        List<String> ignored = new ArrayList<>();
        int index = 0;
        for (Iterator<JsonNode> it = keys.elements(); it.hasNext(); index++) {
            JsonNode entry = it.next();
            if (!entry.isObject()) {
                throw new JwksFetchException(Reason.NOT_A_JWKS, "entry " + index + " is not an object");
            }
            JsonNode kid = entry.get("kid");
            if (kid != null && kid.isTextual()) {
                named.add(kid.textValue());
            }
            try {
                usable.add(key(entry));
            } catch (Ignored e) {
                ignored.add("entry " + index + ": " + e.getMessage());
            }
        }
        return new JwkSet(usable, named, ignored);
    }

    private static Jwk key(JsonNode entry) throws Ignored {
        String kid = optionalText(entry, "kid");
        String use = optionalText(entry, "use");
        if (use != null && !use.equals("sig")) {
            throw new Ignored("use is not sig");
        }
        JsonNode ops = entry.get("key_ops");
        if (ops != null && !containsText(ops, "verify")) {
            throw new Ignored("key_ops lacks verify");
        }
        String kty = optionalText(entry, "kty");
        if (kty == null) {
            throw new Ignored("kty is missing");
        }
        String algName = optionalText(entry, "alg");
        JwsAlgorithm alg = null;
        if (algName != null) {
            alg = JwsAlgorithm.byName(algName)
                    .filter(a -> a.family() != JwsAlgorithm.Family.HMAC)
                    .orElseThrow(() -> new Ignored("alg is not RS256/384/512 or ES256/384/512"));
        }
        switch (kty) {
            case "RSA":
                return new Jwk(kid, rsaAlg(alg), rsa(entry));
            case "EC":
                return ec(entry, kid, alg);
            case "oct":
                throw new Ignored("kty oct (a shared secret) is never used");
            default:
                throw new Ignored("kty is not RSA or EC");
        }
    }

    private static JwsAlgorithm rsaAlg(JwsAlgorithm alg) throws Ignored {
        if (alg != null && alg.family() != JwsAlgorithm.Family.RSA) {
            throw new Ignored("alg does not fit kty RSA");
        }
        return alg;
    }

    private static PublicKey rsa(JsonNode entry) throws Ignored {
        BigInteger n = unsigned(entry, "n");
        BigInteger e = unsigned(entry, "e");
        if (n.bitLength() < 2048) {
            throw new Ignored("RSA modulus under 2048 bits");
        }
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            throw new Ignored("RSA exponent is not an odd number of at least 3");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw new Ignored("RSA key cannot be built");
        }
    }

    private static Jwk ec(JsonNode entry, String kid, JwsAlgorithm alg) throws Ignored {
        String crv = optionalText(entry, "crv");
        JwsAlgorithm curveAlg = crv == null ? null : CURVES.get(crv);
        if (curveAlg == null) {
            throw new Ignored("crv is not P-256, P-384 or P-521");
        }
        if (alg != null && alg != curveAlg) {
            throw new Ignored("alg does not fit crv");
        }
        ECParameterSpec params = CURVE_PARAMS.get(curveAlg);
        int length = (params.getCurve().getField().getFieldSize() + 7) / 8;
        BigInteger x = coordinate(entry, "x", length);
        BigInteger y = coordinate(entry, "y", length);
        if (!onCurve(params.getCurve(), x, y)) {
            throw new Ignored("EC point is not on the curve");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
            return new Jwk(kid, alg, key);
        } catch (GeneralSecurityException e) {
            throw new Ignored("EC key cannot be built");
        }
    }

    /** y² = x³ + ax + b (mod p), with both coordinates reduced; the NIST curves have cofactor 1. */
    static boolean onCurve(EllipticCurve curve, BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right =
                x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    private static BigInteger coordinate(JsonNode entry, String name, int length) throws Ignored {
        byte[] bytes = base64url(entry, name);
        if (bytes.length != length) {
            throw new Ignored(name + " is not " + length + " bytes long (RFC 7518 §6.2.1.2)");
        }
        return new BigInteger(1, bytes);
    }

    private static BigInteger unsigned(JsonNode entry, String name) throws Ignored {
        byte[] bytes = base64url(entry, name);
        if (bytes.length == 0) {
            throw new Ignored(name + " is empty");
        }
        return new BigInteger(1, bytes);
    }

    private static byte[] base64url(JsonNode entry, String name) throws Ignored {
        String text = optionalText(entry, name);
        if (text == null) {
            throw new Ignored(name + " is missing");
        }
        if (!text.chars().allMatch(JwkSetParser::isBase64Url)) {
            throw new Ignored(name + " is not base64url");
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Ignored(name + " is not base64url");
        }
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** A member's string value, null when absent; any other JSON type leaves the entry out. */
    private static String optionalText(JsonNode entry, String name) throws Ignored {
        JsonNode value = entry.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Ignored(name + " is not a string");
        }
        return value.textValue();
    }

    private static boolean containsText(JsonNode array, String wanted) throws Ignored {
        if (!array.isArray()) {
            throw new Ignored("key_ops is not an array");
        }
        for (JsonNode op : array) {
            if (op.isTextual() && op.textValue().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static ECParameterSpec curve(String name) {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(name));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the EC curve " + name, e);
        }
    }

    /** An entry left out of the set, with a fixed reason. Cheap: no stack trace. */
    private static final class Ignored extends Exception {
        private static final long serialVersionUID = 1L;

        Ignored(String reason) {
            super(reason, null, false, false);
        }
    }
}
