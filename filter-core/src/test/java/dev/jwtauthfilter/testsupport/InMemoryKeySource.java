package dev.jwtauthfilter.testsupport;

import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.keys.KeySource;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real {@link KeySource} as an application would write one: public keys by {@code kid}, which the
 * test may add and remove while the filter runs (key rotation). A token without {@code kid} gets no
 * key. It answers whatever key it holds for the id, whatever the algorithm, so that the filter's own
 * key checks are what the tests see. Records every question, as {@code "<kid> <alg>"}.
 */
public final class InMemoryKeySource implements KeySource {
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();

    /** Adds or replaces the key for a {@code kid}; returns this source. */
    public InMemoryKeySource put(String keyId, PublicKey key) {
        keys.put(keyId, key);
        return this;
    }

    /** Adds or replaces the key for a {@code kid} with a test key by name, e.g. {@link TestKeys#RSA}. */
    public InMemoryKeySource put(String keyId, String testKeyName) {
        return put(keyId, TestKeys.publicKey(testKeyName));
    }

    /** Forgets the key for a {@code kid}, as a rotation that retires it would. */
    public void remove(String keyId) {
        keys.remove(keyId);
    }

    /** Every question asked so far, in order, as {@code "<kid> <alg>"} (the kid may be {@code null}). */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    @Override
    public Optional<PublicKey> find(String keyId, JwsAlgorithm algorithm) {
        questions.add(keyId + " " + algorithm);
        return keyId == null ? Optional.empty() : Optional.ofNullable(keys.get(keyId));
    }
}
