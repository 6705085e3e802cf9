package dev.jwtauthfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtauthfilter.audit.AuthAuditListener;
import dev.jwtauthfilter.audit.AuthDecision;
import dev.jwtauthfilter.config.TokenSource;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.token.ResolvedToken;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final List<AuthDecision> received = new CopyOnWriteArrayList<>();

    AuditTrailTest() {
        when(request.getMethod()).thenReturn("GET");
        when(request.getServletPath()).thenReturn("/api");
        when(request.getPathInfo()).thenReturn("/orders");
        when(request.getRemoteAddr()).thenReturn("127.0.0.1");
    }

    @Test
    void acceptedDecisionCarriesPrincipalFingerprintSourceAndRequestButNotTheToken() {
        trail(received::add).accepted(request, "alice", new ResolvedToken(TOKEN, TokenSource.HEADER));

        assertEquals(
                List.of(new AuthDecision(
                        NOW,
                        AuthDecision.Outcome.ACCEPTED,
                        "accepted",
                        200,
                        "alice",
                        AuthLog.fingerprint(TOKEN),
                        TokenSource.HEADER,
                        "GET",
                        "/api/orders",
                        "127.0.0.1")),
                received);
    }

    @Test
    void listenerThatThrowsDoesNotStopTheListenersAfterIt() {
        AuditTrail trail = trail(
                d -> {
                    throw new IllegalStateException("audit queue full");
                },
                received::add);

        try (LogCapture log = LogCapture.start()) {
            trail.refused(request, 401, "expired", null, new ResolvedToken(TOKEN, TokenSource.COOKIE));

            assertEquals(
                    List.of("expired"),
                    received.stream().map(AuthDecision::reason).toList());
            assertEquals(1, log.messages(Level.WARNING).size());
        }
    }

    @Test
    void listenerFailingOnEveryRequestLogsOneWarningPerRunOfFailures() {
        AtomicBoolean broken = new AtomicBoolean(true);
        AuditTrail trail = trail(d -> {
            if (broken.get()) {
                throw new IllegalStateException("audit\r\nqueue full");
            }
        });

        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 5; i++) {
                trail.refused(request, 401, "no_token", null, null);
            }
            broken.set(false);
            trail.refused(request, 401, "no_token", null, null);
            broken.set(true);
            trail.refused(request, 401, "no_token", null, null);

            List<String> warnings = log.messages(Level.WARNING);
            assertEquals(2, warnings.size(), () -> "warnings: " + warnings);
            assertTrue(
                    warnings.get(0)
                            .endsWith(" failed, the decision stands: java.lang.IllegalStateException:"
                                    + " audit\\u000d\\u000aqueue full"),
                    warnings.get(0));
        }
    }

    private static AuditTrail trail(AuthAuditListener... listeners) {
        return new AuditTrail(List.of(listeners), Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
