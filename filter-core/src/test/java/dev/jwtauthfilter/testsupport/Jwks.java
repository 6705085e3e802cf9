package dev.jwtauthfilter.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds JWKS documents (RFC 7517) from the test keys: each JWK is a mutable map, so a test can add,
 * change or drop a member before publishing it.
 */
public final class Jwks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwks() {}

    /** {@code {"kty":"RSA","kid":kid,"n":..,"e":..}} for a test key such as {@link TestKeys#RSA}; no kid if null. */
    public static Map<String, Object> rsa(String kid, String testKeyName) {
        RSAPublicKey key = (RSAPublicKey) TestKeys.publicKey(testKeyName);
        Map<String, Object> jwk = start("RSA", kid);
        jwk.put("n", b64(unsigned(key.getModulus())));
        jwk.put("e", b64(unsigned(key.getPublicExponent())));
        return jwk;
    }

    /** {@code {"kty":"EC","kid":kid,"crv":..,"x":..,"y":..}}, coordinates padded to the curve size. */
    public static Map<String, Object> ec(String kid, String testKeyName) {
        ECPublicKey key = (ECPublicKey) TestKeys.publicKey(testKeyName);
        int bits = key.getParams().getCurve().getField().getFieldSize();
        int length = (bits + 7) / 8;
        Map<String, Object> jwk = start("EC", kid);
        jwk.put("crv", "P-" + bits);
        jwk.put("x", b64(padded(key.getW().getAffineX(), length)));
        jwk.put("y", b64(padded(key.getW().getAffineY(), length)));
        return jwk;
    }

    /** {@code {"kty":"oct","kid":kid,"k":..}}: a shared secret, which a verifier must never use. */
    public static Map<String, Object> oct(String kid, byte[] secret) {
        Map<String, Object> jwk = start("oct", kid);
        jwk.put("k", b64(secret));
        return jwk;
    }

    /** The JWK with one member set (or removed, for a null value). */
    public static Map<String, Object> with(Map<String, Object> jwk, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(jwk);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    /** {@code {"keys":[...]}} */
    @SafeVarargs
    public static String set(Map<String, Object>... keys) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Object> key : keys) {
            list.add(key);
        }
        return set(list);
    }

    /** {@code {"keys":[...]}} */
    public static String set(List<Map<String, Object>> keys) {
        return json(Map.of("keys", keys));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Big-endian without the sign byte, as JWK n and e are. */
    public static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    public static byte[] padded(BigInteger value, int length) {
        byte[] raw = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    private static Map<String, Object> start(String kty, String kid) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", kty);
        if (kid != null) {
            jwk.put("kid", kid);
        }
        return jwk;
    }
}
