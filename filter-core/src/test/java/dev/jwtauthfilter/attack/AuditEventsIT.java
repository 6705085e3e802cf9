package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.audit.AuthDecision;
import dev.jwtauthfilter.audit.AuthDecision.Outcome;
import dev.jwtauthfilter.audit.LoggingAuditListener;
import dev.jwtauthfilter.config.TokenSource;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Log hygiene and audit events (OWASP ASVS V16.2.5, V16.3.1, V16.4.1): each decided request gives
 * exactly one audit event with a reason code, the principal once the token is verified and a short
 * fingerprint, never the token; excluded paths give none; {@link LoggingAuditListener} named by the
 * {@code auditListener} init-param writes one escaped line per decision.
 */
class AuditEventsIT extends AttackSuite {
    @Test
    void acceptedRequestGivesOneEventWithThePrincipalAndTheTokensFingerprint() throws Exception {
        String token = rs256Token();

        AuthDecision d = onlyDecision(bearer(RS256_APP, token));

        assertAll(
                () -> assertEquals(Outcome.ACCEPTED, d.outcome()),
                () -> assertEquals("accepted", d.reason()),
                () -> assertEquals("alice", d.principal()),
                () -> assertTrue(d.tokenFingerprint().matches("[0-9a-f]{8}"), d.tokenFingerprint()),
                () -> assertEquals(TokenSource.HEADER, d.tokenSource()),
                () -> assertEquals("GET", d.method()),
                () -> assertEquals("/api/orders", d.path()),
                () -> assertEquals("127.0.0.1", d.remoteAddress()));
    }

    @Test
    void theSameTokenAlwaysHasTheSameFingerprintAndAnotherTokenAnother() throws Exception {
        String token = rs256Token();

        String first = onlyDecision(bearer(RS256_APP, token)).tokenFingerprint();
        String again = onlyDecision(bearer(RS256_APP, token)).tokenFingerprint();
        String other = onlyDecision(bearer(RS256_APP, rs256Token())).tokenFingerprint();

        assertAll(() -> assertEquals(first, again), () -> assertFalse(first.equals(other)));
    }

    @Test
    void expiredTokenGivesARefusalWithItsReasonAndNoPrincipal() throws Exception {
        String token = TestTokens.valid(Instant.now().minusSeconds(7200)).sign(TestTokens.rs256());

        AuthDecision d = onlyDecision(bearer(RS256_APP, token));

        assertAll(
                () -> assertEquals(Outcome.REFUSED, d.outcome()),
                () -> assertEquals("expired", d.reason()),
                () -> assertEquals(401, d.status()),
                () -> assertNull(d.principal()));
    }

    @Test
    void revokedTokenGivesARefusalNamingTheVerifiedPrincipal() throws Exception {
        String jti = "audit-revoked-" + System.nanoTime();
        String token = claims().withJWTId(jti).sign(TestTokens.rs256());
        target.store(RS256_APP).revoke(TestTokens.ISSUER, jti, Instant.now().plusSeconds(600));

        AuthDecision d = onlyDecision(bearer(RS256_APP, token));

        assertAll(
                () -> assertEquals("revoked", d.reason()),
                () -> assertEquals(401, d.status()),
                () -> assertEquals("alice", d.principal()));
    }

    @Test
    void requestWithoutTokenGivesANoTokenRefusalWithoutFingerprint() throws Exception {
        AuthDecision d =
                onlyDecision(send(RS256_APP, to(RS256_APP, "/api/orders").GET()));

        assertAll(
                () -> assertEquals("no_token", d.reason()),
                () -> assertNull(d.tokenFingerprint()),
                () -> assertNull(d.tokenSource()));
    }

    @Test
    void twoTokensGiveAnInvalidRequestRefusalWithItsCode() throws Exception {
        AuthDecision d = onlyDecision(send(
                RS256_APP,
                to(RS256_APP, "/api/orders")
                        .GET()
                        .header("Authorization", "Bearer " + rs256Token())
                        .header("Authorization", "Bearer " + rs256Token())));

        assertAll(
                () -> assertEquals("multiple_authorization_headers", d.reason()), () -> assertEquals(400, d.status()));
    }

    @Test
    void crossOriginCookiePostGivesAForbiddenRefusalNamingThePrincipal() throws Exception {
        AuthDecision d = onlyDecision(send(
                RS256_APP,
                to(RS256_APP, "/api/orders")
                        .POST(HttpRequest.BodyPublishers.ofString("x=1"))
                        .header("Cookie", "access_token=" + rs256Token())
                        .header("Origin", "https://evil.example")));

        assertAll(
                () -> assertEquals("cross_origin", d.reason()),
                () -> assertEquals(403, d.status()),
                () -> assertEquals("alice", d.principal()),
                () -> assertEquals(TokenSource.COOKIE, d.tokenSource()));
    }

    @Test
    void storeOutageGivesAnUnavailableEventNamingTheVerifiedPrincipal() throws Exception {
        Exchange e = bearer(AttackTarget.STORE_DOWN_APP, rs256Token());
        AuthDecision d = onlyDecision(e);

        assertAll(
                () -> assertEquals(503, e.status()),
                () -> assertEquals(Outcome.UNAVAILABLE, d.outcome()),
                () -> assertEquals("store_unavailable", d.reason()),
                () -> assertEquals(503, d.status()),
                () -> assertEquals("alice", d.principal()),
                this::assertNothingLoggedAtError);
    }

    @Test
    void excludedPathGivesNoEvent() throws Exception {
        Exchange e = send(RS256_APP, to(RS256_APP, "/public/index.html").GET());

        assertAll(() -> assertEquals(200, e.status()), () -> assertEquals(List.of(), e.decisions()));
    }

    @Test
    void loggingListenerFromTheInitParamWritesOneLinePerDecisionWithoutTheToken() throws Exception {
        String token = rs256Token();
        try (LogCapture audit = LogCapture.start(LoggingAuditListener.LOGGER_NAME)) {
            bearer(RS256_APP, token);
            bearer(RS256_APP, token + "x");

            List<String> lines = audit.messages(Level.INFO);
            assertAll(
                    () -> assertEquals(2, lines.size(), () -> "lines: " + lines),
                    () -> assertTrue(
                            lines.get(0)
                                    .startsWith(
                                            "decision=accepted reason=accepted status=200" + " principal=alice token="),
                            lines.get(0)),
                    () -> assertTrue(lines.get(1).startsWith("decision=refused reason="), lines.get(1)),
                    () -> assertFalse(String.join("\n", lines).contains(token.split("\\.")[2])));
        }
    }

    @Test
    void loggingListenerEscapesLineBreaksAVerifiedSubjectCarries() throws Exception {
        String forged = "alice\r\ndecision=accepted reason=accepted status=200 principal=admin";
        String token = claims().withSubject(forged).sign(TestTokens.rs256());
        try (LogCapture audit = LogCapture.start(LoggingAuditListener.LOGGER_NAME)) {
            bearer(RS256_APP, token);

            List<String> lines = audit.messages(Level.INFO);
            assertAll(
                    () -> assertEquals(1, lines.size()),
                    () -> assertFalse(
                            lines.get(0).contains("\n") || lines.get(0).contains("\r")),
                    () -> assertTrue(
                            lines.get(0).contains("principal=alice\\u000d\\u000adecision=accepted"), lines.get(0)));
        }
    }

    private static AuthDecision onlyDecision(Exchange e) {
        assertEquals(1, e.decisions().size(), () -> "audit events: " + e.decisions());
        return e.decisions().get(0);
    }
}
