package dev.jwtauthfilter.benchmarks;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per entry of the in-memory revocation store, measured with JOL over the whole object graph
 * (keys, strings, values, map nodes and table), plus the used heap after a full GC as a cross-check.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.jwtauthfilter.benchmarks.MemoryFootprint [entries]</pre>
 */
public final class MemoryFootprint {
    private MemoryFootprint() {}

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
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
