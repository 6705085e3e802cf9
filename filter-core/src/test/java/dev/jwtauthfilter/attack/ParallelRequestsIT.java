package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.JWTCreator;
import dev.jwtauthfilter.audit.AuthDecision;
import dev.jwtauthfilter.testsupport.Concurrently;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Many parallel requests through one filter instance on a real container, mixing valid tokens of
 * eight users (each with its own combination of roles) and invalid ones (expired, badly signed,
 * revoked, signed with another algorithm), by header and by cookie: every response matches its own
 * token, and the audit trail names for each token only its own user. Principals never cross
 * requests.
 */
class ParallelRequestsIT extends AttackSuite {
    private static final int USERS = 8;
    private static final int THREADS = 16;
    private static final int REQUESTS_PER_THREAD = 40;
    private static final List<String> ROLES = List.of("user", "editor", "admin");
    private static final String INVALID_TOKEN_CHALLENGE =
            "Bearer realm=\"/app\", error=\"invalid_token\", error_description=\"The access token is invalid\"";

    private enum Kind {
        VALID,
        EXPIRED,
        BAD_SIGNATURE,
        REVOKED,
        OTHER_ALGORITHM
    }

    private record Sample(Kind kind, int user, String token) {}

    @Test
    void parallelRequestsEachGetTheAnswerForTheirOwnTokenAndNeverAnotherUsersPrincipal() throws Exception {
        List<Sample> samples = samples();
        int decidedBefore = target.audit(RS256_APP).count();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        Concurrently.run(THREADS, Duration.ofSeconds(120), thread -> {
            for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                Sample s = samples.get((thread * 31 + i * 7) % samples.size());
                boolean byCookie = (thread + i) % 2 == 0;
                Exchange e = send(RS256_APP, request(s.token(), byCookie));
                String wrong = wrongAnswer(s, e);
                if (wrong != null) {
                    failures.add(
                            "thread " + thread + " request " + i + " " + s.kind() + " user-" + s.user() + ": " + wrong);
                }
            }
        });

        assertEquals(List.of(), List.copyOf(failures));
        assertAuditNamesOnlyEachTokensOwnUser(samples, target.audit(RS256_APP).since(decidedBefore));
    }

    private HttpRequest.Builder request(String token, boolean byCookie) {
        HttpRequest.Builder b = to(RS256_APP, "/api/orders").GET();
        return byCookie ? b.header("Cookie", "access_token=" + token) : b.header("Authorization", "Bearer " + token);
    }

    /** Null if the response is right for the sample's own token, else what is wrong. */
    private static String wrongAnswer(Sample s, Exchange e) {
        if (s.kind() != Kind.VALID) {
            boolean refused = e.status() == 401
                    && INVALID_TOKEN_CHALLENGE.equals(e.header("WWW-Authenticate"))
                    && !e.body().contains("remoteUser=");
            return refused ? null : "status " + e.status() + " body " + e.body();
        }
        if (e.status() != 200 || !e.body().contains("remoteUser=user-" + s.user() + "\n")) {
            return "status " + e.status() + " body " + e.body();
        }
        for (int r = 0; r < ROLES.size(); r++) {
            boolean expected = hasRole(s.user(), r);
            if (!e.body().contains("role." + ROLES.get(r) + "=" + expected + "\n")) {
                return "role " + ROLES.get(r) + " should be " + expected + ": " + e.body();
            }
        }
        return null;
    }

    private static void assertAuditNamesOnlyEachTokensOwnUser(List<Sample> samples, List<AuthDecision> decisions)
            throws Exception {
        assertEquals(THREADS * REQUESTS_PER_THREAD, decisions.size(), "one audit event per request");
        Map<String, Sample> byFingerprint = new HashMap<>();
        for (Sample s : samples) {
            byFingerprint.put(fingerprint(s.token()), s);
        }
        List<String> crossed = new ArrayList<>();
        for (AuthDecision d : decisions) {
            Sample s = byFingerprint.get(d.tokenFingerprint());
            if (s == null || !Objects.equals(verifiedUser(s), d.principal())) {
                crossed.add(d.toString());
            }
        }
        assertEquals(List.of(), crossed);
    }

    /** The principal an audit event may name for the sample: its own user once verified, else none. */
    private static String verifiedUser(Sample s) {
        return s.kind() == Kind.VALID || s.kind() == Kind.REVOKED ? "user-" + s.user() : null;
    }

    /** For each user, one token of each kind. */
    private List<Sample> samples() {
        Instant now = Instant.now();
        List<Sample> samples = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (Kind kind : Kind.values()) {
                samples.add(new Sample(kind, u, token(kind, u, now)));
            }
        }
        return samples;
    }

    private String token(Kind kind, int user, Instant now) {
        JWTCreator.Builder claims = TestTokens.valid(kind == Kind.EXPIRED ? now.minusSeconds(7200) : now)
                .withSubject("user-" + user)
                .withArrayClaim("roles", roles(user))
                .withJWTId(kind + "-" + user + "-" + System.nanoTime());
        switch (kind) {
            case BAD_SIGNATURE:
                return claims.sign(TestTokens.rs256Other());
            case OTHER_ALGORITHM:
                return claims.sign(TestTokens.hs256());
            case REVOKED:
                String token = claims.sign(TestTokens.rs256());
                String jti = com.auth0.jwt.JWT.decode(token).getId();
                target.store(RS256_APP).revoke(TestTokens.ISSUER, jti, now.plusSeconds(600));
                return token;
            default:
                return claims.sign(TestTokens.rs256());
        }
    }

    /** User n holds the roles whose bit is set in n, so each of the eight users has its own set. */
    private static String[] roles(int user) {
        List<String> roles = new ArrayList<>();
        for (int r = 0; r < ROLES.size(); r++) {
            if (hasRole(user, r)) {
                roles.add(ROLES.get(r));
            }
        }
        return roles.toArray(new String[0]);
    }

    private static boolean hasRole(int user, int role) {
        return (user & (1 << role)) != 0;
    }

    private static String fingerprint(String token) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(hash, 0, 4);
    }
}
