package dev.jwtauthfilter.keys;

import dev.jwtauthfilter.config.JwsAlgorithm;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Supplies the public key that verifies a token, chosen by the token's {@code kid} header, for
 * applications whose keys change while they run (an app that issues its own tokens and rotates its
 * signing key, say). The filter asks once per token, after the format and algorithm checks and
 * before the signature check.
 *
 * <p>Configured with {@code JwtAuthConfig.Builder.keySource(...)}, or from {@code web.xml} with the
 * {@code keySource} init-param naming a {@code ServletContext} attribute that holds the instance
 * (publish it from a {@code ServletContextListener}: listeners start before filters).
 *
 * <p>Implementations must be thread-safe and fast: the filter caches nothing, so it asks on every
 * request that carries a well-formed token with an allowed {@code alg}; keep the keys in memory. The
 * {@code kid} comes from a token whose signature is not checked yet: treat it as untrusted input (an
 * attacker can send any value, so do not fetch from a key server for every unknown one). The filter
 * still checks that the key fits the algorithm (RSA of at least 2048 bits for RS*, EC on the
 * algorithm's curve for ES*) and refuses the token otherwise. A source may be used only with RS* and
 * ES* algorithms, and replaces {@code publicKey} and {@code secret}.
 */
@FunctionalInterface
public interface KeySource {
    /**
     * Finds the key for a token.
     *
     * @param keyId the token's {@code kid} header, or null when it has none
     * @param algorithm the token's {@code alg}, already checked against the allow-list
     * @return the key, or empty when this source knows no key with that id for that algorithm (the
     *     token is then refused with 401)
     * @throws KeySourceException when the source cannot answer now (the filter answers 503 and logs
     *     the exception's class and message at WARN, so keep token values such as the {@code kid} out
     *     of the message; any other runtime exception is treated the same way, without its message)
     */
    Optional<PublicKey> find(String keyId, JwsAlgorithm algorithm);
}
