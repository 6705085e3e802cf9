package dev.jwtauthfilter.benchmarks;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import jakarta.servlet.FilterChain;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per entry of the in-memory revocation store and of the verified-token cache, measured with
 * JOL over the whole object graph (keys, strings, values, map nodes and table), plus the used heap
 * after a full GC as a cross-check.
 *
 * <pre>java -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true \
 *     -cp benchmarks/target/benchmarks.jar dev.jwtauthfilter.benchmarks.MemoryFootprint [revoked] [cached]</pre>
 */
public final class MemoryFootprint {
    private MemoryFootprint() {}

    public static void main(String[] args) throws Exception {
        revocationStore(args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000);
        verifiedTokenCache(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
    }

    /** N distinct typical RS256 tokens through a filter whose cache holds N, against the same filter empty. */
    private static void verifiedTokenCache(int entries) throws Exception {
        BenchTokens tokens = BenchTokens.create("RS256");
        JwtAuthFilter filter = new JwtAuthFilter(
                tokens.filterConfig().verifiedTokenCacheSize(entries).build());
        filter.init(new ServletStubs.Config("jwt", new ServletStubs.Context()));
        String[] minted = new String[entries];
        for (int i = 0; i < entries; i++) {
            minted[i] = tokens.another();
        }
        long empty = GraphLayout.parseInstance(filter).totalSize();
        FilterChain chain = (request, response) -> {};
        for (String token : minted) {
            ServletStubs.Response response = new ServletStubs.Response();
            filter.doFilter(new ServletStubs.Request("GET", "/hello", "Bearer " + token), response, chain);
            if (response.getStatus() != 200) {
                throw new IllegalStateException("token refused with " + response.getStatus());
            }
        }
        long full = GraphLayout.parseInstance(filter).totalSize();
        System.out.printf(
                Locale.ROOT,
                "Verified-token cache: %,d typical RS256 tokens of %d characters: %,d bytes by JOL = %.1f MB,"
                        + " %.0f bytes per entry%n",
                entries,
                minted[0].length(),
                full - empty,
                (full - empty) / 1e6,
                (double) (full - empty) / entries);
        filter.destroy();
    }

    private static void revocationStore(int entries) {
        Instant expiresAt = Instant.now().plusSeconds(900);
        InMemoryRevocationStore store = new InMemoryRevocationStore();
        long heapBefore = usedHeapAfterGc();
        for (int i = 0; i < entries; i++) {
            // as logout code calls it: a new issuer string from each decoded token, a random UUID jti
            String issuer = new String("https://login.example.com/realms/shop".toCharArray());
            store.revoke(issuer, UUID.randomUUID().toString(), expiresAt);
        }
        long heapAfter = usedHeapAfterGc();
        long graph = GraphLayout.parseInstance(store).totalSize();
        System.out.printf(
                Locale.ROOT,
                "InMemoryRevocationStore: %,d revoked jtis (36-character UUIDs, one issuer):"
                        + " %,d bytes by JOL = %.1f MB, %.0f bytes per entry; heap growth after GC %.1f MB%n",
                store.deniedCount(),
                graph,
                graph / 1e6,
                (double) graph / entries,
                (heapAfter - heapBefore) / 1e6);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
