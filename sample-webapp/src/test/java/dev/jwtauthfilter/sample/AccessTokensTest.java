package dev.jwtauthfilter.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.sample.UserDirectory.User;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
    private static final Settings SETTINGS =
            new Settings("urn:test", "test-app", Duration.ofMinutes(15), Duration.ofHours(1), true);
    private static final User ALICE = new User("alice", List.of("user"));

    private final Clock clock = Clock.systemUTC();
    private final AccessTokens tokens =
            new AccessTokens(SETTINGS, new SigningKeys(clock, Duration.ofMinutes(16)), clock);

    @Test
    void tokenCarriesTheClaimsTheFilterAndOtherVerifiersNeed() throws Exception {
        AccessTokens.Issued issued = tokens.issue(ALICE, "family-1");
        DecodedJWT jwt = JWT.decode(issued.token());

        assertEquals("ES256", jwt.getAlgorithm());
        assertEquals("at+jwt", jwt.getType());
        assertEquals("urn:test", jwt.getIssuer());
        assertEquals(List.of("test-app"), jwt.getAudience());
        assertEquals("alice", jwt.getSubject());
        assertEquals(List.of("user"), jwt.getClaim("roles").asList(String.class));
        assertEquals("family-1", jwt.getClaim("sid").asString());
        assertEquals(issued.jwtId(), jwt.getId());
        assertEquals(Duration.ofMinutes(15), Duration.between(jwt.getIssuedAtAsInstant(), jwt.getExpiresAtAsInstant()));
    }

    @Test
    void apiTokensHaveNoSessionId() throws Exception {
        assertTrue(JWT.decode(tokens.issue(ALICE, null).token()).getClaim("sid").isMissing());
    }

    @Test
    void eachTokenHasItsOwnRandomJwtId() throws Exception {
        assertFalse(tokens.issue(ALICE, null)
                .jwtId()
                .equals(tokens.issue(ALICE, null).jwtId()));
    }

    @Test
    void logoutEverywhereRevokesEarlierTokensButNotOnesIssuedRightAfterInTheSameSecond() throws Exception {
        InMemoryRevocationStore store = new InMemoryRevocationStore();
        AccessTokens.Issued before = tokens.issue(ALICE, null);

        tokens.revokeAllFor("alice", store);
        AccessTokens.Issued after = tokens.issue(ALICE, null);

        assertTrue(store.isRevoked(identity(before)));
        assertFalse(store.isRevoked(identity(after)));
    }

    private static TokenIdentity identity(AccessTokens.Issued issued) {
        return new TokenIdentity("urn:test", issued.jwtId(), "alice", issued.issuedAt(), issued.expiresAt());
    }
}
