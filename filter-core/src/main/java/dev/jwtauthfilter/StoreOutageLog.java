package dev.jwtauthfilter;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WARN when the revocation store stops answering and one INFO when it answers again; the
 * requests refused in between log at DEBUG, so an outage under load does not flood the log.
 */
final class StoreOutageLog {
    private final AtomicBoolean down = new AtomicBoolean();

    void failed(Throwable cause) {
        if (down.compareAndSet(false, true)) {
            AuthLog.storeUnavailable(cause);
        } else {
            AuthLog.storeStillUnavailable(cause);
        }
    }

    void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            AuthLog.storeAnswersAgain();
        }
    }
}
