package dev.jwtauthfilter;

import dev.jwtauthfilter.audit.AuthAuditListener;
import dev.jwtauthfilter.audit.AuthDecision;
import dev.jwtauthfilter.audit.AuthDecision.Outcome;
import dev.jwtauthfilter.token.ResolvedToken;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers one {@link AuthDecision} per decided request to the application's listeners. With no
 * listener it does nothing, not even the fingerprint. A failing listener cannot change a decision: its
 * exception is logged, once per run of failures.
 */
final class AuditTrail {
    private final List<AuthAuditListener> listeners;
    private final Clock clock;
    private final AtomicBoolean failing = new AtomicBoolean();

    AuditTrail(List<AuthAuditListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    void accepted(HttpServletRequest request, String principal, ResolvedToken token) {
        record(request, Outcome.ACCEPTED, "accepted", 200, principal, token);
    }

    void refused(HttpServletRequest request, int status, String reason, String principal, ResolvedToken token) {
        record(request, Outcome.REFUSED, reason, status, principal, token);
    }

    void unavailable(HttpServletRequest request, String reason, String principal, ResolvedToken token) {
        record(request, Outcome.UNAVAILABLE, reason, 503, principal, token);
    }

    private void record(
            HttpServletRequest request,
            Outcome outcome,
            String reason,
            int status,
            String principal,
            ResolvedToken token) {
        if (listeners.isEmpty()) {
            return;
        }
        AuthDecision decision = new AuthDecision(
                clock.instant(),
                outcome,
                reason,
                status,
                principal,
                token == null ? null : AuthLog.fingerprint(token.value()),
                token == null ? null : token.source(),
                request.getMethod(),
                JwtAuthFilter.contextRelativePath(request),
                request.getRemoteAddr());
        for (AuthAuditListener listener : listeners) {
            deliver(listener, decision);
        }
    }

    private void deliver(AuthAuditListener listener, AuthDecision decision) {
        try {
            listener.onDecision(decision);
            if (failing.get()) {
                failing.set(false);
            }
        } catch (RuntimeException e) {
            AuthLog.auditListenerFailed(listener, e, !failing.getAndSet(true));
        }
    }
}
