package dev.jwtauthfilter.config;

import dev.jwtauthfilter.config.JwsAlgorithm.Family;
import dev.jwtauthfilter.keys.KeySource;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Matches the key material to the allowed algorithms (RFC 7518 §3.2 and §3.3, RFC 8725 §3.1): one
 * family only (HMAC or asymmetric), one kind of key material ({@code secret}, {@code publicKey},
 * {@code keySource} or {@code jwksUri}), exactly one fitting key for every algorithm, keys long
 * enough, and no key left unused. Keys chosen by {@code kid} (a key source or a JWKS) are checked per
 * token, by the verifier.
 */
final class KeyRules {
    private KeyRules() {}

    static void check(
            Set<JwsAlgorithm> algorithms,
            byte[] secret,
            List<PublicKey> publicKeys,
            KeySource keySource,
            JwksSettings jwks) {
        Set<Family> families = EnumSet.noneOf(Family.class);
        algorithms.forEach(a -> families.add(a.family()));
        if (families.contains(Family.HMAC) && families.size() > 1) {
            throw new ConfigException(
                    InitParams.ALGORITHMS,
                    "mixes HMAC (HS*) and asymmetric (RS*, ES*) algorithms; allow one kind only, so that a"
                            + " public key can never be used as an HMAC secret");
        }
        if (secret != null && !publicKeys.isEmpty()) {
            throw new ConfigException(InitParams.SECRET, "and publicKey are both set; set exactly one");
        }
        if (jwks != null) {
            checkKeysById(InitParams.JWKS_URI, algorithms, secret, publicKeys, keySource != null);
            return;
        }
        if (keySource != null) {
            checkKeysById(InitParams.KEY_SOURCE, algorithms, secret, publicKeys, false);
            return;
        }
        for (JwsAlgorithm alg : algorithms) {
            if (alg.family() == Family.HMAC) {
                checkSecret(alg, secret);
            } else {
                checkPublicKeys(alg, publicKeys);
            }
        }
        for (PublicKey key : publicKeys) {
            if (algorithms.stream().noneMatch(a -> a.fits(key))) {
                throw new ConfigException(
                        InitParams.PUBLIC_KEY, "holds " + describe(key) + " that no allowed algorithm uses");
            }
        }
    }

    /** A key source or a JWKS: the only key material, and asymmetric algorithms only. */
    private static void checkKeysById(
            String param,
            Set<JwsAlgorithm> algorithms,
            byte[] secret,
            List<PublicKey> publicKeys,
            boolean alsoKeySource) {
        String other = secret != null
                ? InitParams.SECRET
                : !publicKeys.isEmpty() ? InitParams.PUBLIC_KEY : alsoKeySource ? InitParams.KEY_SOURCE : null;
        if (other != null) {
            throw new ConfigException(
                    param,
                    "and " + other + " are both set; set exactly one of secret, publicKey, keySource and" + " jwksUri");
        }
        String hmac = algorithms.stream()
                .filter(a -> a.family() == Family.HMAC)
                .map(Enum::name)
                .sorted()
                .collect(Collectors.joining(", "));
        if (!hmac.isEmpty()) {
            throw new ConfigException(
                    InitParams.ALGORITHMS,
                    "has " + hmac + ", but " + param + " yields public keys only; allow RS* or ES* algorithms"
                            + " with " + param + ", or use secret for HS*");
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

    private static void checkPublicKeys(JwsAlgorithm alg, List<PublicKey> keys) {
        if (keys.isEmpty()) {
            throw new ConfigException(InitParams.PUBLIC_KEY, "is required for " + alg + ": no key for that algorithm");
        }
        List<PublicKey> fitting = keys.stream().filter(alg::fits).collect(Collectors.toList());
        if (fitting.isEmpty()) {
            throw new ConfigException(InitParams.PUBLIC_KEY, "holds no key for " + alg + ": " + mismatch(alg, keys));
        }
        if (fitting.size() > 1) {
            throw new ConfigException(
                    InitParams.PUBLIC_KEY,
                    "holds " + fitting.size() + " keys for " + alg + "; give one key per kind (one RSA key, one"
                            + " EC key per curve)");
        }
        PublicKey key = fitting.get(0);
        if (key instanceof RSAPublicKey) {
            int bits = ((RSAPublicKey) key).getModulus().bitLength();
            if (bits < alg.keyBits()) {
                throw new ConfigException(
                        InitParams.PUBLIC_KEY,
                        "holds a " + bits + "-bit RSA key; " + alg + " needs at least 2048 bits (RFC 7518 §3.3)");
            }
        }
    }

    private static String mismatch(JwsAlgorithm alg, List<PublicKey> keys) {
        String needed = alg.family() == Family.RSA ? "an RSA key" : "an EC key on the P-" + alg.keyBits() + " curve";
        return "it needs " + needed + ", found "
                + keys.stream().map(KeyRules::describe).collect(Collectors.joining(" and "));
    }

    private static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "an RSA key";
        }
        if (key instanceof ECPublicKey) {
            return "an EC key on a " + JwsAlgorithm.curveBits((ECPublicKey) key) + "-bit curve";
        }
        return "a key of type " + key.getAlgorithm();
    }
}
