package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedisBackendTest {
    @Test
    void clampedMillisRoundsACutoffWithASubMillisecondPartUp() {
        assertEquals(1_000_001, RedisBackend.clampedMillis(Instant.ofEpochSecond(1_000, 500_000), true));
    }

    @Test
    void clampedMillisRoundsAnExpiryDown() {
        assertEquals(1_000_000, RedisBackend.clampedMillis(Instant.ofEpochSecond(1_000, 999_999), false));
    }

    @Test
    void clampedMillisKeepsWholeMilliseconds() {
        assertEquals(1_000_007, RedisBackend.clampedMillis(Instant.ofEpochMilli(1_000_007), true));
    }

    @Test
    void clampedMillisTakesInstantsBefore1970AsZero() {
        assertEquals(0, RedisBackend.clampedMillis(Instant.ofEpochSecond(-5), true));
    }

    @Test
    void clampedMillisKeepsInstantsAfterTheYear9999AtItsEnd() {
        assertEquals(RedisBackend.MAX_EPOCH_MILLIS, RedisBackend.clampedMillis(Instant.MAX, false));
    }
}
