package dev.jwtauthfilter.jwks;

import dev.jwtauthfilter.config.JwsAlgorithm;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * One usable key of a JWKS: a signature-verification key, RSA of at least 2048 bits or EC on P-256,
 * P-384 or P-521.
 *
 * @param keyId its {@code kid}, or null when it has none
 * @param algorithm its {@code alg}, or null when it names none
 * @param key the public key
 */
record Jwk(String keyId, JwsAlgorithm algorithm, PublicKey key) {
    /**
     * Tells whether this key may verify a token of the given algorithm: the JWK's {@code alg}, when it
     * has one, is exactly that algorithm (RFC 8725 §3.1), and the key is of the algorithm's kind (RSA;
     * or EC on the algorithm's curve).
     */
    boolean fits(JwsAlgorithm tokenAlgorithm) {
        if (algorithm != null && algorithm != tokenAlgorithm) {
            return false;
        }
        if (!tokenAlgorithm.fits(key)) {
            return false;
        }
        return !(key instanceof RSAPublicKey)
                || ((RSAPublicKey) key).getModulus().bitLength() >= tokenAlgorithm.keyBits();
    }
}
