package dev.jwtauthfilter.verify;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.ECDSAKeyProvider;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.keys.KeySourceException;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * Turns a {@link KeySource} into java-jwt algorithms whose public key is looked up per token by its
 * {@code kid}. Every key is checked against the token's algorithm (RFC 8725 §3.1, RFC 7518 §3.3)
 * before it is used. A failing source surfaces as {@link KeySourceException}, whatever it threw, so
 * that an outage is never mistaken for a bad token.
 */
final class SourcedKeys {
    private SourcedKeys() {}

    /**
     * Builds the java-jwt algorithm for one allowed RS* or ES* algorithm.
     *
     * @param alg an asymmetric algorithm (the configuration refuses HMAC with a key source)
     * @param source the key source
     * @param used where the key a verification used is left for the calling thread
     * @return an algorithm that verifies only, with keys from the source
     */
    static Algorithm algorithm(JwsAlgorithm alg, KeySource source, ThreadLocal<PublicKey> used) {
        switch (alg) {
            case RS256:
                return Algorithm.RSA256(new RsaKeys(alg, source, used));
            case RS384:
                return Algorithm.RSA384(new RsaKeys(alg, source, used));
            case RS512:
                return Algorithm.RSA512(new RsaKeys(alg, source, used));
            case ES256:
                return Algorithm.ECDSA256(new EcKeys(alg, source, used));
            case ES384:
                return Algorithm.ECDSA384(new EcKeys(alg, source, used));
            case ES512:
                return Algorithm.ECDSA512(new EcKeys(alg, source, used));
            default:
                throw new IllegalArgumentException(alg + " does not verify with a public key");
        }
    }

    /**
     * Asks the source for the key, and lets only a key that fits the algorithm through.
     *
     * @throws UnusableKeyException when the source knows no key, or its key does not fit
     * @throws KeySourceException when the source fails, whatever it threw
     */
    static PublicKey find(KeySource source, String keyId, JwsAlgorithm alg) {
        Optional<PublicKey> answer;
        try {
            answer = source.find(keyId, alg);
        } catch (KeySourceException e) {
            throw e;
        } catch (RuntimeException e) {
            // Fail closed: any failure of the source is an outage. Its message may hold the kid.
            throw new KeySourceException(
                    "key source failed with " + e.getClass().getName(), e);
        }
        if (answer == null) {
            throw new KeySourceException("key source answered null instead of an Optional", null);
        }
        PublicKey key = answer.orElseThrow(() -> new UnusableKeyException(RejectionReason.UNKNOWN_KEY));
        if (!fits(alg, key)) {
            throw new UnusableKeyException(RejectionReason.UNSUITABLE_KEY);
        }
        return key;
    }

    private static boolean fits(JwsAlgorithm alg, PublicKey key) {
        if (!alg.fits(key)) {
            return false;
        }
        return !(key instanceof RSAPublicKey)
                || ((RSAPublicKey) key).getModulus().bitLength() >= alg.keyBits();
    }

    /** Verification keys for one RS* algorithm; never signs. */
    private record RsaKeys(JwsAlgorithm alg, KeySource source, ThreadLocal<PublicKey> used) implements RSAKeyProvider {
        @Override
        public RSAPublicKey getPublicKeyById(String keyId) {
            PublicKey key = find(source, keyId, alg);
            used.set(key);
            return (RSAPublicKey) key;
        }

        @Override
        public RSAPrivateKey getPrivateKey() {
            return null;
        }

        @Override
        public String getPrivateKeyId() {
            return null;
        }
    }

    /** Verification keys for one ES* algorithm; never signs. */
    private record EcKeys(JwsAlgorithm alg, KeySource source, ThreadLocal<PublicKey> used) implements ECDSAKeyProvider {
        @Override
        public ECPublicKey getPublicKeyById(String keyId) {
            PublicKey key = find(source, keyId, alg);
            used.set(key);
            return (ECPublicKey) key;
        }

        @Override
        public ECPrivateKey getPrivateKey() {
            return null;
        }

        @Override
        public String getPrivateKeyId() {
            return null;
        }
    }
}
