package dev.jwtauthfilter.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jwtauthfilter.audit.AuthDecision.Outcome;
import dev.jwtauthfilter.config.TokenSource;
import dev.jwtauthfilter.testsupport.LogCapture;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class LoggingAuditListenerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void onDecisionLogsARefusalAsOneKeyValueLineAtInfo() {
        AuthDecision refused = new AuthDecision(
                NOW,
                Outcome.REFUSED,
                "expired",
                401,
                null,
                "3f1a09c2",
                TokenSource.HEADER,
                "GET",
                "/api/orders",
                "203.0.113.7");

        try (LogCapture log = LogCapture.start(LoggingAuditListener.LOGGER_NAME)) {
            new LoggingAuditListener().onDecision(refused);

            assertEquals(
                    List.of("decision=refused reason=expired status=401 principal=- token=3f1a09c2 source=header"
                            + " method=GET path=/api/orders remote=203.0.113.7"),
                    log.messages(Level.INFO));
        }
    }

    @Test
    void onDecisionLogsAnOutageAtWarn() {
        AuthDecision unavailable = new AuthDecision(
                NOW,
                Outcome.UNAVAILABLE,
                "store_unavailable",
                503,
                "alice",
                "3f1a09c2",
                TokenSource.COOKIE,
                "POST",
                "/x",
                "::1");

        try (LogCapture log = LogCapture.start(LoggingAuditListener.LOGGER_NAME)) {
            new LoggingAuditListener().onDecision(unavailable);

            assertEquals(1, log.messages(Level.WARNING).size());
        }
    }

    @Test
    void formatEscapesClientTextSoOneDecisionIsAlwaysOneLine() {
        AuthDecision d = new AuthDecision(
                NOW,
                Outcome.ACCEPTED,
                "accepted",
                200,
                "alice\nINFO decision=accepted principal=admin",
                "3f1a09c2",
                TokenSource.HEADER,
                "GET",
                "/a\r\nb",
                "127.0.0.1");

        assertEquals(
                "decision=accepted reason=accepted status=200"
                        + " principal=alice\\u000aINFO decision=accepted principal=admin token=3f1a09c2"
                        + " source=header method=GET path=/a\\u000d\\u000ab remote=127.0.0.1",
                LoggingAuditListener.format(d));
    }

    @Test
    void formatIgnoresMessageFormatPatternsInClientText() {
        AuthDecision d = new AuthDecision(
                NOW, Outcome.REFUSED, "no_token", 401, null, null, null, "GET", "/{0}/{1}'", "127.0.0.1");

        try (LogCapture log = LogCapture.start(LoggingAuditListener.LOGGER_NAME)) {
            new LoggingAuditListener().onDecision(d);

            assertEquals(
                    List.of("decision=refused reason=no_token status=401 principal=- token=- source=- method=GET"
                            + " path=/{0}/{1}' remote=127.0.0.1"),
                    log.messages(Level.INFO));
        }
    }
}
