package dev.jwtauthfilter.verify;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.RegisteredClaims;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.keys.KeySourceException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Verifies a token string: the format checks of {@link TokenFormat}, then java-jwt with the verifier
 * registered for the header's {@code alg} (matched case-sensitively; {@code none} is never
 * registered), then the checks java-jwt skips ({@code crit}, {@code exp: null}, a {@code jti} or
 * {@code sub} that is no string). With a {@link KeySource}, the key is looked up by the token's {@code
 * kid} during the signature check. Thread-safe; built once per filter.
 */
public final class TokenVerifier {
    private final Map<String, JWTVerifier> verifiers;
    private final int maxTokenLength;
    private final KeySource keySource;
    /** The key a verification on this thread took from the key source; never shared between requests. */
    private final ThreadLocal<PublicKey> usedKey = new ThreadLocal<>();

    /**
     * Builds one java-jwt verifier per allowed algorithm, with the configuration's keys.
     *
     * @param config the validated configuration
     */
    public TokenVerifier(JwtAuthConfig config) {
        this(config, config.keySource().orElse(null));
    }

    /**
     * Builds one java-jwt verifier per allowed algorithm, with keys chosen by {@code kid} from a key
     * source the filter made (for {@code jwksUri}), instead of the configuration's fixed keys.
     *
     * @param config the validated configuration
     * @param keySource the source of keys chosen by {@code kid}, or null for the configuration's keys
     */
    public TokenVerifier(JwtAuthConfig config, KeySource keySource) {
        if (keySource == null && config.jwks().isPresent()) {
            throw new IllegalArgumentException("a jwksUri configuration needs its JwksKeySource");
        }
        Map<String, JWTVerifier> byName = new HashMap<>();
        for (JwsAlgorithm alg : config.algorithms()) {
            Algorithm algorithm =
                    keySource != null ? SourcedKeys.algorithm(alg, keySource, usedKey) : algorithm(alg, config);
            // BaseVerification is the only Verification with a clock-taking build().
            JWTVerifier.BaseVerification verification = (JWTVerifier.BaseVerification) JWT.require(algorithm)
                    .withIssuer(config.issuers().toArray(new String[0]))
                    .withAnyOfAudience(config.audiences().toArray(new String[0]))
                    .withClaimPresence(RegisteredClaims.EXPIRES_AT)
                    .acceptLeeway(config.leeway().toSeconds());
            JWTVerifier verifier = verification.build(config.clock());
            byName.put(alg.name(), verifier);
        }
        this.verifiers = Map.copyOf(byName);
        this.maxTokenLength = config.maxTokenLength();
        this.keySource = keySource;
    }

    /**
     * A verified token and the key that verified it, so that a cache can tell later whether that key
     * is still the one its key source serves.
     *
     * @param jwt the decoded, verified token
     * @param algorithm the token's algorithm
     * @param keyId the token's {@code kid}, or null
     * @param key the key taken from the key source, or null when the configuration's fixed keys verified it
     */
    public record Verified(DecodedJWT jwt, JwsAlgorithm algorithm, String keyId, PublicKey key) {}

    /**
     * Verifies a token and tells which key verified it.
     *
     * @param token the token as received
     * @return the verified token with its key
     * @throws TokenRejectedException with the reason the token was refused
     * @throws KeySourceException when the key source cannot answer
     */
    public Verified verifyWithKey(String token) throws TokenRejectedException {
        try {
            DecodedJWT jwt = decodeAndVerify(token);
            return new Verified(jwt, JwsAlgorithm.valueOf(jwt.getAlgorithm()), jwt.getKeyId(), usedKey.get());
        } finally {
            usedKey.remove();
        }
    }

    /**
     * Tells whether the key that verified a token is still the one its key source serves for the
     * token's {@code kid}: false once the key was removed or replaced (rotated out of a JWKS).
     * Always true for the configuration's fixed keys, which cannot change.
     *
     * @param algorithm the token's algorithm
     * @param keyId the token's {@code kid}, or null
     * @param key the key that verified it, as {@link Verified#key()} told
     * @return true if the same key would verify the token now
     * @throws KeySourceException when the key source cannot answer
     */
    public boolean keyStillServed(JwsAlgorithm algorithm, String keyId, PublicKey key) {
        if (keySource == null) {
            return true;
        }
        try {
            PublicKey now = SourcedKeys.find(keySource, keyId, algorithm);
            return now == key || now.equals(key);
        } catch (UnusableKeyException e) {
            return false;
        }
    }

    /**
     * Verifies a token.
     *
     * @param token the token as received
     * @return the decoded, verified token
     * @throws TokenRejectedException with the reason the token was refused
     * @throws KeySourceException when the key source cannot answer: an outage, not the token's fault
     */
    public DecodedJWT verify(String token) throws TokenRejectedException {
        try {
            return decodeAndVerify(token);
        } finally {
            usedKey.remove();
        }
    }

    private DecodedJWT decodeAndVerify(String token) throws TokenRejectedException {
        TokenFormat.check(token, maxTokenLength);
        try {
            DecodedJWT jwt = JWT.decode(token);
            String alg = jwt.getAlgorithm();
            // Map.copyOf(...).get(null) throws: a header without alg would surface as INVALID_CLAIM.
            JWTVerifier verifier = alg == null ? null : verifiers.get(alg);
            if (verifier == null) {
                throw new TokenRejectedException(RejectionReason.ALGORITHM_NOT_ALLOWED);
            }
            if (!jwt.getHeaderClaim("crit").isMissing()) {
                throw new TokenRejectedException(RejectionReason.CRITICAL_HEADER);
            }
            if (keySource != null && !isStringOrAbsent(jwt.getHeaderClaim("kid"))) {
                // java-jwt would pass {"kid":123} on as "123", and {"kid":{}} as "" (RFC 7515 §4.1.4).
                throw new TokenRejectedException(RejectionReason.MALFORMED);
            }
            verifier.verify(jwt);
            checkDates(jwt);
            checkStringClaims(jwt);
            return jwt;
        } catch (JWTVerificationException e) {
            throw new TokenRejectedException(reasonFor(e));
        } catch (UnusableKeyException e) {
            throw new TokenRejectedException(e.reason());
        } catch (KeySourceException e) {
            throw e;
        } catch (RuntimeException e) {
            // java-jwt lets e.g. DateTimeException escape for out-of-range dates (java-jwt #782).
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM);
        }
    }

    private static boolean isStringOrAbsent(Claim claim) {
        return claim.isMissing() || claim.asString() != null;
    }

    private static void checkDates(DecodedJWT jwt) throws TokenRejectedException {
        // java-jwt treats "exp": null as present and unexpired.
        if (jwt.getExpiresAtAsInstant() == null) {
            throw new TokenRejectedException(RejectionReason.MISSING_EXPIRY);
        }
        for (String name : new String[] {RegisteredClaims.NOT_BEFORE, RegisteredClaims.ISSUED_AT}) {
            Claim claim = jwt.getClaim(name);
            if (!claim.isMissing() && claim.asInstant() == null) {
                throw new TokenRejectedException(RejectionReason.INVALID_CLAIM);
            }
        }
    }

    private static void checkStringClaims(DecodedJWT jwt) throws TokenRejectedException {
        // java-jwt's getId() and getSubject() turn {"jti":400} into "400" and {"jti":{}} into "", so a
        // token whose jti is no string would pass the revocation store's jti rule and share its id with
        // other tokens. Both are strings (RFC 7519 §4.1.2, §4.1.7); JSON null counts as absent.
        for (String name : new String[] {RegisteredClaims.JWT_ID, RegisteredClaims.SUBJECT}) {
            Claim claim = jwt.getClaim(name);
            if (!claim.isMissing() && !claim.isNull() && claim.asString() == null) {
                throw new TokenRejectedException(RejectionReason.INVALID_CLAIM);
            }
        }
    }

    private static RejectionReason reasonFor(JWTVerificationException e) {
        if (e instanceof SignatureVerificationException) {
            return RejectionReason.BAD_SIGNATURE;
        }
        if (e instanceof AlgorithmMismatchException) {
            return RejectionReason.ALGORITHM_NOT_ALLOWED;
        }
        if (e instanceof TokenExpiredException) {
            return RejectionReason.EXPIRED;
        }
        if (e instanceof MissingClaimException) {
            return claimReason(((MissingClaimException) e).getClaimName());
        }
        if (e instanceof IncorrectClaimException) {
            return claimReason(((IncorrectClaimException) e).getClaimName());
        }
        return RejectionReason.MALFORMED;
    }

    private static RejectionReason claimReason(String claim) {
        switch (claim == null ? "" : claim) {
            case RegisteredClaims.ISSUER:
                return RejectionReason.WRONG_ISSUER;
            case RegisteredClaims.AUDIENCE:
                return RejectionReason.WRONG_AUDIENCE;
            case RegisteredClaims.EXPIRES_AT:
                return RejectionReason.MISSING_EXPIRY;
            case RegisteredClaims.NOT_BEFORE:
                return RejectionReason.NOT_YET_VALID;
            case RegisteredClaims.ISSUED_AT:
                return RejectionReason.ISSUED_IN_FUTURE;
            default:
                return RejectionReason.INVALID_CLAIM;
        }
    }

    private static Algorithm algorithm(JwsAlgorithm alg, JwtAuthConfig config) {
        switch (alg.family()) {
            case HMAC:
                return hmac(alg, config.secret().orElseThrow());
            case RSA:
                return rsa(alg, (RSAPublicKey) key(alg, config));
            default:
                return ecdsa(alg, (ECPublicKey) key(alg, config));
        }
    }

    private static PublicKey key(JwsAlgorithm alg, JwtAuthConfig config) {
        return config.publicKeyFor(alg).orElseThrow();
    }

    private static Algorithm hmac(JwsAlgorithm alg, byte[] secret) {
        switch (alg) {
            case HS256:
                return Algorithm.HMAC256(secret);
            case HS384:
                return Algorithm.HMAC384(secret);
            default:
                return Algorithm.HMAC512(secret);
        }
    }

    private static Algorithm rsa(JwsAlgorithm alg, RSAPublicKey key) {
        switch (alg) {
            case RS256:
                return Algorithm.RSA256(key, null);
            case RS384:
                return Algorithm.RSA384(key, null);
            default:
                return Algorithm.RSA512(key, null);
        }
    }

    private static Algorithm ecdsa(JwsAlgorithm alg, ECPublicKey key) {
        switch (alg) {
            case ES256:
                return Algorithm.ECDSA256(key, null);
            case ES384:
                return Algorithm.ECDSA384(key, null);
            default:
                return Algorithm.ECDSA512(key, null);
        }
    }
}
