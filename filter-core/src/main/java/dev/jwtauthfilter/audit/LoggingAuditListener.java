package dev.jwtauthfilter.audit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Writes each decision as one {@code key=value} line to the logger {@value #LOGGER_NAME}: accepted
 * and refused requests at INFO, 503s at WARN. Client-supplied fields are escaped and bounded with
 * {@link LogText}; no token, signature, secret or cookie value is ever part of a line. Enable it with
 * the init-param {@code auditListener=dev.jwtauthfilter.audit.LoggingAuditListener} and route that
 * logger to the audit log.
 *
 * <pre>
 * decision=refused reason=expired status=401 principal=- token=3f1a09c2 source=header method=GET path=/api/orders remote=203.0.113.7
 * </pre>
 */
public final class LoggingAuditListener implements AuthAuditListener {
    /** The logger the events go to. */
    public static final String LOGGER_NAME = "dev.jwtauthfilter.audit";

    private static final Logger LOG = System.getLogger(LOGGER_NAME);

    /** Creates the listener; it has no settings. */
    public LoggingAuditListener() {}

    @Override
    public void onDecision(AuthDecision d) {
        Level level = d.outcome() == AuthDecision.Outcome.UNAVAILABLE ? Level.WARNING : Level.INFO;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "{0}", format(d));
        }
    }

    /**
     * The line for a decision, as this listener logs it.
     *
     * @param d the decision
     * @return one line, safe to log
     */
    public static String format(AuthDecision d) {
        return "decision=" + d.outcome().name().toLowerCase(Locale.ROOT)
                + " reason=" + d.reason()
                + " status=" + d.status()
                + " principal=" + orDash(d.principal())
                + " token=" + orDash(d.tokenFingerprint())
                + " source=" + (d.tokenSource() == null ? "-" : d.tokenSource().paramValue())
                + " method=" + orDash(d.method())
                + " path=" + orDash(d.path())
                + " remote=" + orDash(d.remoteAddress());
    }

    private static String orDash(String value) {
        return value == null ? "-" : LogText.safe(value);
    }
}
