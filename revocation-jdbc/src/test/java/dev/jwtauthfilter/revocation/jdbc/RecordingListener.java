package dev.jwtauthfilter.revocation.jdbc;

import dev.jwtauthfilter.revocation.SharedRevocationStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a backend's change feed reports, in order: "invalid", "synced", "token iss jti", "subject iss sub". */
final class RecordingListener implements SharedRevocationStore.ChangeListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile long lastSynced;

    @Override
    public void tokenRevoked(String issuer, String jwtId) {
        events.add("token " + issuer + " " + jwtId);
    }

    @Override
    public void subjectCutOff(String issuer, String subject) {
        events.add("subject " + issuer + " " + subject);
    }

    @Override
    public void cacheInvalid() {
        events.add("invalid");
    }

    @Override
    public void synced(long nanoTime) {
        lastSynced = nanoTime;
        events.add("synced");
    }

    List<String> drain() {
        List<String> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
