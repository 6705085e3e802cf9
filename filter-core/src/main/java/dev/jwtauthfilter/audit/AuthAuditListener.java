package dev.jwtauthfilter.audit;

/**
 * Receives one {@link AuthDecision} for every request the filter decides on, so that an application
 * can forward security events to its own audit log or SIEM.
 *
 * <p>Register listeners with the {@code auditListener} init-param (class names with a public no-arg
 * constructor, loaded from the web application), with {@code JwtAuthConfig.Builder.auditListener},
 * or by putting one in the {@code ServletContext} attribute {@code
 * JwtAuthFilter.AUDIT_LISTENER_ATTRIBUTE} before the filter starts. {@link LoggingAuditListener}
 * writes the events to a logger.
 *
 * <p>The filter calls {@link #onDecision} on the request thread once it has decided: before the
 * application runs for an accepted request, before the refusal is written for a refused one. It
 * must be quick and thread-safe; hand slow work to a queue.
 * An exception it throws is logged (one WARN per run of failures) and does not change the decision.
 * Requests to excluded paths are not decided on and produce no event.
 */
@FunctionalInterface
public interface AuthAuditListener {
    /**
     * Called once per decided request.
     *
     * @param decision what was decided, and why
     */
    void onDecision(AuthDecision decision);
}
