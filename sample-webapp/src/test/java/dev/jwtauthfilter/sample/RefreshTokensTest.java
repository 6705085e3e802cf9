package dev.jwtauthfilter.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefreshTokensTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final RefreshTokens tokens = new RefreshTokens(clock, Duration.ofHours(1));

    @Test
    void rotatingTheCurrentTokenGivesANewTokenInTheSameFamily() {
        RefreshTokens.Grant first = tokens.start("alice");

        RefreshTokens.Rotated rotated = assertInstanceOf(RefreshTokens.Rotated.class, tokens.rotate(first.token()));

        assertNotEquals(first.token(), rotated.grant().token());
        assertEquals(first.familyId(), rotated.grant().familyId());
        assertEquals("alice", rotated.grant().subject());
    }

    @Test
    void presentingARotatedTokenAgainIsReuseAndRevokesTheFamily() {
        RefreshTokens.Grant first = tokens.start("alice");
        tokens.recordAccessToken(first.familyId(), "jti-1", Instant.parse("2030-01-01T00:15:00Z"));
        RefreshTokens.Grant second = ((RefreshTokens.Rotated) tokens.rotate(first.token())).grant();
        tokens.recordAccessToken(second.familyId(), "jti-2", Instant.parse("2030-01-01T00:15:00Z"));

        RefreshTokens.Reused reused = assertInstanceOf(RefreshTokens.Reused.class, tokens.rotate(first.token()));

        assertEquals(Set.of("jti-1", "jti-2"), reused.accessTokens().keySet());
        assertInstanceOf(RefreshTokens.Refused.class, tokens.rotate(second.token()));
    }

    @Test
    void unknownTokenIsRefused() {
        tokens.start("alice");

        assertInstanceOf(RefreshTokens.Refused.class, tokens.rotate("not-a-token"));
        assertInstanceOf(RefreshTokens.Refused.class, tokens.rotate(null));
    }

    @Test
    void familyExpiresAfterItsAbsoluteLifetimeEvenWhenRotated() {
        RefreshTokens.Grant first = tokens.start("alice");
        clock.advance(Duration.ofMinutes(50));
        RefreshTokens.Grant second = ((RefreshTokens.Rotated) tokens.rotate(first.token())).grant();

        clock.advance(Duration.ofMinutes(10));

        assertEquals(first.expiresAt(), second.expiresAt());
        assertInstanceOf(RefreshTokens.Refused.class, tokens.rotate(second.token()));
    }

    @Test
    void revokingASubjectEndsEveryFamilyOfThatSubjectOnly() {
        RefreshTokens.Grant laptop = tokens.start("alice");
        RefreshTokens.Grant phone = tokens.start("alice");
        RefreshTokens.Grant other = tokens.start("admin");

        tokens.revokeSubject("alice");

        assertInstanceOf(RefreshTokens.Refused.class, tokens.rotate(laptop.token()));
        assertInstanceOf(RefreshTokens.Refused.class, tokens.rotate(phone.token()));
        assertInstanceOf(RefreshTokens.Rotated.class, tokens.rotate(other.token()));
    }

    @Test
    void revokingAFamilyLeavesTheUsersOtherSessions() {
        RefreshTokens.Grant laptop = tokens.start("alice");
        RefreshTokens.Grant phone = tokens.start("alice");

        tokens.recordAccessToken(laptop.familyId(), "jti-1", Instant.parse("2030-01-01T00:15:00Z"));

        assertEquals(Set.of("jti-1"), tokens.revokeFamily(laptop.familyId()).keySet());
        assertInstanceOf(RefreshTokens.Refused.class, tokens.rotate(laptop.token()));
        assertInstanceOf(RefreshTokens.Rotated.class, tokens.rotate(phone.token()));
    }
}
