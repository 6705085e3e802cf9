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

    /**
     * The decisions recorded since {@code count()} returned {@code from}; with parallel requests, also
     * those of the others.
     */
    List<AuthDecision> since(int from) {
        List<AuthDecision> snapshot = List.copyOf(decisions); // a sub-list view would fail on a concurrent add
        return snapshot.subList(from, snapshot.size());
    }
}
