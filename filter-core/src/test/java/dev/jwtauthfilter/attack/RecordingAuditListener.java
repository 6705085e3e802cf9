package dev.jwtauthfilter.attack;

import dev.jwtauthfilter.audit.AuthAuditListener;
import dev.jwtauthfilter.audit.AuthDecision;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What an application's audit log would receive: every decision, in order. */
final class RecordingAuditListener implements AuthAuditListener {
    private final List<AuthDecision> decisions = new CopyOnWriteArrayList<>();

    @Override
    public void onDecision(AuthDecision decision) {
        decisions.add(decision);
    }

    int count() {
        return decisions.size();
    }

    /** The decisions recorded since {@code count()} returned {@code from}. */
    List<AuthDecision> since(int from) {
        return List.copyOf(decisions.subList(from, decisions.size()));
    }
}
