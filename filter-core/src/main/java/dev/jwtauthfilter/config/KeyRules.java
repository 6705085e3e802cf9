package dev.jwtauthfilter.config;

import dev.jwtauthfilter.config.JwsAlgorithm.Family;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.EnumSet;
import java.util.Set;

/**
 * Matches the key material to the allowed algorithms (RFC 7518 §3.2 and §3.3, RFC 8725 §3.1): one
 * family only, a key for every algorithm, keys long enough, and no key left unused.
 */
final class KeyRules {
    private KeyRules() {}

    static void check(Set<JwsAlgorithm> algorithms, byte[] secret, PublicKey publicKey) {
        Set<Family> families = EnumSet.noneOf(Family.class);
        algorithms.forEach(a -> families.add(a.family()));
        if (families.contains(Family.HMAC) && families.size() > 1) {
            throw new ConfigException(
                    InitParams.ALGORITHMS,
                    "mixes HMAC (HS*) and asymmetric (RS*, ES*) algorithms; allow one kind only, so that a"
                            + " public key can never be used as an HMAC secret");
        }
        if (secret != null && publicKey != null) {
            throw new ConfigException(InitParams.SECRET, "and publicKey are both set; set exactly one");
        }
        for (JwsAlgorithm alg : algorithms) {
            if (alg.family() == Family.HMAC) {
                checkSecret(alg, secret);
            } else {
                checkPublicKey(alg, publicKey);
            }
        }
        if (secret != null && !families.contains(Family.HMAC)) {
            throw new ConfigException(InitParams.SECRET, "is set but algorithms allows no HS* algorithm");
        }
    }

    private static void checkSecret(JwsAlgorithm alg, byte[] secret) {
        if (secret == null) {
            throw new ConfigException(InitParams.SECRET, "is required for " + alg + ": no key for that algorithm");
        }
        int minBytes = alg.keyBits() / 8;
        if (secret.length < minBytes) {
            throw new ConfigException(
                    InitParams.SECRET,
                    "is too short for " + alg + ": it needs at least " + minBytes
                            + " bytes (RFC 7518 §3.2); generate one with e.g. 'openssl rand -base64 " + minBytes
                            + "'");
        }
    }

    private static void checkPublicKey(JwsAlgorithm alg, PublicKey key) {
        if (key == null) {
            throw new ConfigException(InitParams.PUBLIC_KEY, "is required for " + alg + ": no key for that algorithm");
        }
        if (alg.family() == Family.RSA) {
            if (!(key instanceof RSAPublicKey)) {
                throw new ConfigException(
                        InitParams.PUBLIC_KEY, "holds " + describe(key) + " but " + alg + " needs an RSA key");
            }
            int bits = ((RSAPublicKey) key).getModulus().bitLength();
            if (bits < alg.keyBits()) {
                throw new ConfigException(
                        InitParams.PUBLIC_KEY,
                        "holds a " + bits + "-bit RSA key; " + alg + " needs at least 2048 bits (RFC 7518 §3.3)");
            }
            return;
        }
        if (!(key instanceof ECPublicKey)) {
            throw new ConfigException(
                    InitParams.PUBLIC_KEY, "holds " + describe(key) + " but " + alg + " needs an EC key");
        }
        int bits = ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
        if (bits != alg.keyBits()) {
            throw new ConfigException(
                    InitParams.PUBLIC_KEY,
                    "holds an EC key on a " + bits + "-bit curve; " + alg + " needs the P-" + alg.keyBits() + " curve");
        }
    }

    private static String describe(PublicKey key) {
        return "a key of type " + key.getAlgorithm();
    }
}
