package dev.jwtauthfilter.jwks;

import dev.jwtauthfilter.config.JwsAlgorithm;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The usable keys of one fetched JWKS, and every {@code kid} the document named (usable or not).
 * Immutable.
 */
final class JwkSet {
    private final List<Jwk> usable;
    private final Set<String> namedKeyIds;
    private final List<String> ignored;

    /**
     * @param usable the keys that may verify tokens
     * @param namedKeyIds every {@code kid} of the document
     * @param ignored why each other entry was left out, as fixed text (no value from the document)
     */
    JwkSet(List<Jwk> usable, Set<String> namedKeyIds, List<String> ignored) {
        this.usable = List.copyOf(usable);
        this.namedKeyIds = Set.copyOf(namedKeyIds);
        this.ignored = List.copyOf(ignored);
    }

    /**
     * Picks the key for a token.
     *
     * <ul>
     *   <li>With a {@code kid}: the one usable key with that {@code kid} that fits the algorithm; none
     *       when there is none, or more than one (ambiguous).
     *   <li>Without a {@code kid}: the set's only usable key, if it fits the algorithm; none when the
     *       set holds more than one usable key (the token must then say which).
     * </ul>
     */
    Optional<PublicKey> find(String keyId, JwsAlgorithm algorithm) {
        if (keyId == null) {
            return usable.size() == 1 && usable.get(0).fits(algorithm)
                    ? Optional.of(usable.get(0).key())
                    : Optional.empty();
        }
        List<Jwk> fitting = usable.stream()
                .filter(k -> keyId.equals(k.keyId()) && k.fits(algorithm))
                .collect(Collectors.toList());
        return fitting.size() == 1 ? Optional.of(fitting.get(0).key()) : Optional.empty();
    }

    /** Whether the document named this {@code kid}, on a usable key or on one it ignored. */
    boolean names(String keyId) {
        return namedKeyIds.contains(keyId);
    }

    /** @return how many usable keys the set holds */
    int size() {
        return usable.size();
    }

    /** @return why each ignored entry was left out (another use, oct, unsupported, invalid) */
    List<String> ignored() {
        return ignored;
    }
}
