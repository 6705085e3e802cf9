package dev.jwtauthfilter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jwtauthfilter.verify.RejectionReason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The counters: every rejection reason has its own, snapshots are immutable copies. */
class JwtAuthMetricsTest {
    private final JwtAuthMetrics metrics = new JwtAuthMetrics(null);

    @Test
    void snapshotWhenNothingHappenedListsEveryRejectionReasonAtZero() {
        JwtAuthMetrics.Snapshot s = metrics.snapshot();

        List<String> codes = Arrays.stream(RejectionReason.values())
                .map(RejectionReason::code)
                .collect(Collectors.toList());
        assertAll(
                () -> assertEquals(codes, List.copyOf(s.tokensRejected().keySet())),
                () -> assertEquals(0, s.tokensRejectedTotal()),
                () -> assertEquals(0, s.tokensAccepted()),
                () -> assertEquals(0, s.unavailable()),
                () -> assertEquals(0, s.jwksFetches()),
                () -> assertEquals(0, s.jwksFetchFailures()),
                () -> assertEquals(0, s.jwksUnknownKidRefetches()));
    }

    @Test
    void snapshotCountsEachEventUnderItsOwnName() {
        metrics.accepted();
        metrics.accepted();
        metrics.rejected(RejectionReason.EXPIRED);
        metrics.rejected(RejectionReason.UNKNOWN_KEY);
        metrics.rejected(RejectionReason.UNKNOWN_KEY);
        metrics.unavailable();

        JwtAuthMetrics.Snapshot s = metrics.snapshot();

        assertAll(
                () -> assertEquals(2, s.tokensAccepted()),
                () -> assertEquals(1, s.tokensRejected().get("expired")),
                () -> assertEquals(2, s.tokensRejected().get("unknown_key")),
                () -> assertEquals(0, s.tokensRejected().get("bad_signature")),
                () -> assertEquals(3, s.tokensRejectedTotal()),
                () -> assertEquals(1, s.unavailable()));
    }

    @Test
    void snapshotIsAnImmutableCopy() {
        JwtAuthMetrics.Snapshot before = metrics.snapshot();
        metrics.rejected(RejectionReason.REVOKED);
        Map<String, Long> rejected = before.tokensRejected();

        assertAll(
                () -> assertEquals(0, rejected.get("revoked")),
                () -> assertThrows(UnsupportedOperationException.class, () -> rejected.put("revoked", 5L)));
    }
}
