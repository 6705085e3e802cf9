package dev.jwtauthfilter;

import dev.jwtauthfilter.jwks.JwksKeySource;
import dev.jwtauthfilter.verify.RejectionReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one filter, for your metrics system: the filter publishes them in the {@code
 * ServletContext} attribute {@link JwtAuthFilter#METRICS_ATTRIBUTE} at {@code init()}. Thread-safe
 * and cheap; read them with {@link #snapshot()}.
 *
 * <pre>{@code
 * JwtAuthMetrics metrics = (JwtAuthMetrics) servletContext.getAttribute(JwtAuthFilter.METRICS_ATTRIBUTE);
 * JwtAuthMetrics.Snapshot now = metrics.snapshot();
 * registry.gauge("jwt.accepted", now.tokensAccepted());
 * }</pre>
 */
public final class JwtAuthMetrics {
    private final LongAdder accepted = new LongAdder();
    private final Map<RejectionReason, LongAdder> rejected;
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final JwksKeySource jwks;

    JwtAuthMetrics(JwksKeySource jwks) {
        Map<RejectionReason, LongAdder> byReason = new EnumMap<>(RejectionReason.class);
        for (RejectionReason reason : RejectionReason.values()) {
            byReason.put(reason, new LongAdder());
        }
        this.rejected = Collections.unmodifiableMap(byReason);
        this.jwks = jwks;
    }

    void accepted() {
        accepted.increment();
    }

    void rejected(RejectionReason reason) {
        rejected.get(reason).increment();
    }

    void unavailable() {
        unavailable.increment();
    }

    void verifiedTokenCacheHit() {
        cacheHits.increment();
    }

    /**
     * Reads every counter. Each is read atomically, the set of them is not: counts taken while
     * requests run may be a request apart.
     *
     * @return the counts since the filter started
     */
    public Snapshot snapshot() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        rejected.forEach((reason, count) -> byReason.put(reason.code(), count.sum()));
        return new Snapshot(
                accepted.sum(),
                Collections.unmodifiableMap(byReason),
                unavailable.sum(),
                jwks == null ? 0 : jwks.fetches(),
                jwks == null ? 0 : jwks.fetchFailures(),
                jwks == null ? 0 : jwks.unknownKidRefetches(),
                cacheHits.sum());
    }

    /**
     * The counters at one moment.
     *
     * @param tokensAccepted requests whose token passed every check and reached the application
     * @param tokensRejected tokens refused with 401, by reason code ({@code bad_signature}, {@code
     *     expired}, {@code unknown_key}, {@code revoked}...; every code is present, most often with 0)
     * @param unavailable requests refused with 503 because the revocation store or the keys were
     *     unavailable
     * @param jwksFetches JWKS fetches started, successful or not (0 without {@code jwksUri})
     * @param jwksFetchFailures JWKS fetches that failed
     * @param jwksUnknownKidRefetches JWKS fetches caused by a token with an unknown {@code kid}
     * @param verifiedTokenCacheHits tokens whose signature check was skipped because the same token
     *     had passed it before ({@code verifiedTokenCacheSize})
     */
    public record Snapshot(
            long tokensAccepted,
            Map<String, Long> tokensRejected,
            long unavailable,
            long jwksFetches,
            long jwksFetchFailures,
            long jwksUnknownKidRefetches,
            long verifiedTokenCacheHits) {
        /**
         * Copies the map of rejections.
         *
         * @param tokensAccepted see the record description
         * @param tokensRejected see the record description
         * @param unavailable see the record description
         * @param jwksFetches see the record description
         * @param jwksFetchFailures see the record description
         * @param jwksUnknownKidRefetches see the record description
         * @param verifiedTokenCacheHits see the record description
         */
        public Snapshot {
            tokensRejected = Collections.unmodifiableMap(new LinkedHashMap<>(tokensRejected));
        }

        /**
         * Adds up the rejections of every reason.
         *
         * @return the number of tokens refused with 401
         */
        public long tokensRejectedTotal() {
            return tokensRejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
