package dev.jwtauthfilter.config;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;

/** The JWS algorithms the filter can be configured to accept; {@code none} is deliberately absent. */
public enum JwsAlgorithm {
    /** HMAC with SHA-256, key of at least 32 bytes. */
    HS256(Family.HMAC, 256),
    /** HMAC with SHA-384, key of at least 48 bytes. */
    HS384(Family.HMAC, 384),
    /** HMAC with SHA-512, key of at least 64 bytes. */
    HS512(Family.HMAC, 512),
    /** RSASSA-PKCS1-v1_5 with SHA-256, RSA key of at least 2048 bits. */
    RS256(Family.RSA, 2048),
    /** RSASSA-PKCS1-v1_5 with SHA-384, RSA key of at least 2048 bits. */
    RS384(Family.RSA, 2048),
    /** RSASSA-PKCS1-v1_5 with SHA-512, RSA key of at least 2048 bits. */
    RS512(Family.RSA, 2048),
    /** ECDSA on P-256 with SHA-256. */
    ES256(Family.EC, 256),
    /** ECDSA on P-384 with SHA-384. */
    ES384(Family.EC, 384),
    /** ECDSA on P-521 with SHA-512. */
    ES512(Family.EC, 521);

    /** The kind of key an algorithm needs. */
    public enum Family {
        /** A shared secret. */
        HMAC,
        /** An RSA public key. */
        RSA,
        /** An EC public key. */
        EC
    }

    private final Family family;
    private final int keyBits;

    JwsAlgorithm(Family family, int keyBits) {
        this.family = family;
        this.keyBits = keyBits;
    }

    /**
     * Returns the kind of key this algorithm needs.
     *
     * @return the key family
     */
    public Family family() {
        return family;
    }

    /**
     * Returns the key size in bits: the minimum for HMAC and RSA, the exact curve size for EC.
     *
     * @return the key size in bits
     */
    public int keyBits() {
        return keyBits;
    }

    /**
     * Tells whether a public key is of the kind this algorithm needs: RSA for RS*, EC on this
     * algorithm's curve for ES*. (RSA key length is checked separately, at start-up.)
     *
     * @param key a public key
     * @return true if the key can verify this algorithm's signatures
     */
    public boolean fits(PublicKey key) {
        switch (family) {
            case RSA:
                return key instanceof RSAPublicKey;
            case EC:
                return key instanceof ECPublicKey && curveBits((ECPublicKey) key) == keyBits;
            default:
                return false;
        }
    }

    static int curveBits(ECPublicKey key) {
        return key.getParams().getCurve().getField().getFieldSize();
    }

    /**
     * Looks an algorithm up by its JWS {@code alg} name, case-sensitively.
     *
     * @param name the {@code alg} value, e.g. {@code RS256}
     * @return the algorithm, or empty if the name is not one of ours (including {@code none})
     */
    public static Optional<JwsAlgorithm> byName(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
