package dev.jwtauthfilter;

import dev.jwtauthfilter.audit.LogText;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.token.ResolvedToken;
import dev.jwtauthfilter.verify.RejectionReason;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The filter's log lines, by who is at fault: client failures at DEBUG, outages at WARN, the
 * configuration once at INFO. Never a token, a secret or a library message with attacker input; a
 * token is named by a short SHA-256 fingerprint.
 */
final class AuthLog {
    private static final Logger LOG = System.getLogger(JwtAuthFilter.class.getName());

    private AuthLog() {}

    static void configured(String filterName, JwtAuthConfig config, String realm) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(
                    Level.INFO,
                    "JwtAuthFilter ''{0}'' ready: issuers={1} audiences={2} algorithms={3} sources={4}"
                            + " leeway={5}s realm={6}",
                    filterName,
                    config.issuers(),
                    config.audiences(),
                    config.algorithms(),
                    config.tokenSources(),
                    config.leeway().toSeconds(),
                    realm);
        }
    }

    static void invalidRequest(String reasonCode) {
        LOG.log(Level.DEBUG, "Failed to authenticate: invalid_request ({0})", reasonCode);
    }

    static void noToken() {
        LOG.log(Level.DEBUG, "Failed to authenticate: no token");
    }

    static void rejected(RejectionReason reason, ResolvedToken token) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(
                    Level.DEBUG,
                    "Failed to authenticate: {0} (token from {1}, fingerprint {2})",
                    reason.code(),
                    token.source().paramValue(),
                    fingerprint(token.value()));
        }
    }

    static void crossOrigin(String method) {
        LOG.log(
                Level.DEBUG,
                "Refused cookie-authenticated {0} from a foreign or unknown origin",
                LogText.safe(method, 20));
    }

    static void storeUnavailable(Throwable cause) {
        LOG.log(
                Level.WARNING,
                "Revocation store unavailable, request refused with 503: {0}: {1}",
                cause.getClass().getName(),
                LogText.safe(cause.getMessage()));
    }

    static void storeStillUnavailable(Throwable cause) {
        LOG.log(
                Level.DEBUG,
                "Revocation store still unavailable, request refused with 503: {0}",
                cause.getClass().getName());
    }

    static void storeAnswersAgain() {
        LOG.log(Level.INFO, "Revocation store answers again");
    }

    static void keysUnavailable(Throwable failure) {
        LOG.log(
                Level.WARNING,
                "Key source unavailable, request refused with 503: {0}: {1}",
                failure.getClass().getName(),
                LogText.safe(failure.getMessage()));
    }

    /**
     * A failure of the filter's own JWKS source: its client logged the outage once at WARN, so each
     * refused request is only a DEBUG line.
     */
    static void jwksUnavailable(Throwable failure) {
        LOG.log(
                Level.DEBUG,
                "JWKS keys unavailable, request refused with 503: {0}",
                LogText.safe(failure.getMessage()));
    }

    /** A listener threw: WARN for the first failure of a run, DEBUG for the rest. */
    static void auditListenerFailed(Object listener, RuntimeException e, boolean first) {
        LOG.log(
                first ? Level.WARNING : Level.DEBUG,
                "Audit listener {0} failed, the decision stands: {1}: {2}",
                listener.getClass().getName(),
                e.getClass().getName(),
                LogText.safe(e.getMessage()));
    }

    static void counters(JwtAuthMetrics.Snapshot counters) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(
                    Level.DEBUG,
                    "JwtAuthFilter counters: tokensAccepted={0} tokensRejected={1} unavailable={2}"
                            + " jwksFetches={3} jwksFetchFailures={4} jwksUnknownKidRefetches={5}"
                            + " verifiedTokenCacheHits={6}",
                    String.valueOf(counters.tokensAccepted()),
                    nonZero(counters.tokensRejected()),
                    String.valueOf(counters.unavailable()),
                    String.valueOf(counters.jwksFetches()),
                    String.valueOf(counters.jwksFetchFailures()),
                    String.valueOf(counters.jwksUnknownKidRefetches()),
                    String.valueOf(counters.verifiedTokenCacheHits()));
        }
    }

    private static String nonZero(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder("{");
        counts.forEach((name, count) -> {
            if (count != 0) {
                out.append(out.length() > 1 ? ", " : "")
                        .append(name)
                        .append('=')
                        .append(count);
            }
        });
        return out.append('}').toString();
    }

    static String fingerprint(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            return "unavailable";
        }
    }
}
