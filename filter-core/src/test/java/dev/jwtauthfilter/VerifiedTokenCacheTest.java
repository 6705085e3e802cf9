package dev.jwtauthfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.principal.PrincipalFactory;
import dev.jwtauthfilter.testsupport.MutableClock;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import dev.jwtauthfilter.verify.TokenVerifier;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final JwtAuthConfig config = JwtAuthConfig.builder()
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .algorithms("RS256")
            .publicKey(TestKeys.publicKey(TestKeys.RSA))
            .clock(clock)
            .build();
    private final TokenVerifier verifier = new TokenVerifier(config);
    private final PrincipalFactory principals = new PrincipalFactory(config);

    private VerifiedTokenCache cache(int size) {
        return new VerifiedTokenCache(size, clock, config.leeway(), verifier);
    }

    private String remember(VerifiedTokenCache cache, Duration lifetime) throws Exception {
        String token = TestTokens.valid(clock.instant())
                .withExpiresAt(clock.instant().plus(lifetime))
                .sign(TestTokens.rs256());
        TokenVerifier.Verified verified = verifier.verifyWithKey(token);
        cache.put(token, verified, principals.create(verified.jwt()));
        return token;
    }

    @Test
    void neverHoldsMoreEntriesThanItsSize() throws Exception {
        VerifiedTokenCache cache = cache(10);

        for (int i = 0; i < 50; i++) {
            remember(cache, Duration.ofMinutes(10));
        }

        assertTrue(cache.size() <= 10, "entries: " + cache.size());
    }

    @Test
    void whenFullExpiredEntriesLeaveBeforeLiveOnes() throws Exception {
        VerifiedTokenCache cache = cache(10);
        for (int i = 0; i < 10; i++) {
            remember(cache, Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofMinutes(2));
        String live = remember(cache, Duration.ofMinutes(10));

        assertEquals(1, cache.size());
        assertEquals("alice", cache.lookup(live).getName());
    }

    @Test
    void lookupOfAnExpiredEntryRemovesIt() throws Exception {
        VerifiedTokenCache cache = cache(10);
        String token = remember(cache, Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(2));

        assertNull(cache.lookup(token));
        assertEquals(0, cache.size());
    }
}
