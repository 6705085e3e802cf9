package dev.jwtauthfilter.jwks;

import dev.jwtauthfilter.audit.LogText;
import dev.jwtauthfilter.config.JwksSettings;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

/**
 * The JWKS client's log lines, on the filter's logger ({@code dev.jwtauthfilter.JwtAuthFilter}): one
 * WARN when an outage starts and one INFO when it ends, every fetch at DEBUG. The URL is shown without
 * user info or query; nothing the server sends and no token value is ever logged.
 */
final class JwksLog {
    private static final Logger LOG = System.getLogger("dev.jwtauthfilter.JwtAuthFilter");

    private final String uri;

    JwksLog(JwksSettings settings) {
        this.uri = settings.displayUri();
    }

    void started(JwksSettings settings) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(
                    Level.INFO,
                    "JWKS keys from {0}: kept {1}s unless Cache-Control max-age says otherwise ({2}..{3}s),"
                            + " unknown-kid refetch at most every {4}s, last good keys kept {5}s past expiry"
                            + " while the endpoint fails",
                    uri,
                    String.valueOf(settings.cacheTtl().toSeconds()),
                    String.valueOf(JwksSettings.MIN_CACHE_TTL_SECONDS),
                    String.valueOf(JwksSettings.MAX_CACHE_TTL_SECONDS),
                    String.valueOf(settings.refetchCooldown().toSeconds()),
                    String.valueOf(settings.stale().toSeconds()));
        }
    }

    void fetched(KeyCache.Trigger trigger, JwkSet keys, Duration ttl) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(
                    Level.DEBUG,
                    "JWKS fetched from {0} ({1}): {2} usable keys, kept {3}s; {4} entries ignored {5}",
                    uri,
                    trigger.code(),
                    String.valueOf(keys.size()),
                    String.valueOf(ttl.toSeconds()),
                    String.valueOf(keys.ignored().size()),
                    LogText.safe(String.valueOf(keys.ignored()), 1000));
        }
    }

    void outage(KeyCache.Trigger trigger, JwksFetchException failure, Instant keysUsableUntil) {
        if (keysUsableUntil == null) {
            LOG.log(
                    Level.WARNING,
                    "JWKS endpoint {0} failed ({1}, {2}); no keys yet, so requests with a token get 503 until a"
                            + " fetch succeeds (retried at most every cooldown)",
                    uri,
                    LogText.safe(failure.getMessage()),
                    trigger.code());
        } else {
            LOG.log(
                    Level.WARNING,
                    "JWKS endpoint {0} failed ({1}, {2}); the last good keys keep verifying until {3}, then"
                            + " requests with a token get 503",
                    uri,
                    LogText.safe(failure.getMessage()),
                    trigger.code(),
                    keysUsableUntil);
        }
    }

    void stillFailing(KeyCache.Trigger trigger, JwksFetchException failure) {
        LOG.log(
                Level.DEBUG,
                "JWKS endpoint {0} still failing ({1}, {2})",
                uri,
                LogText.safe(failure.getMessage()),
                trigger.code());
    }

    void interrupted(KeyCache.Trigger trigger) {
        LOG.log(Level.DEBUG, "JWKS fetch from {0} interrupted ({1})", uri, trigger.code());
    }

    void recovered(long failedFetches, JwkSet keys) {
        LOG.log(
                Level.INFO,
                "JWKS endpoint {0} answers again after {1} failed fetches: {2} usable keys",
                uri,
                String.valueOf(failedFetches),
                String.valueOf(keys.size()));
    }

    void hookFailed(RuntimeException e) {
        LOG.log(Level.DEBUG, "JWKS after-fetch hook failed: {0}", e.getClass().getName());
    }
}
