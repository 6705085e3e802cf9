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
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Verifies a token string: the format checks of {@link TokenFormat}, then java-jwt with the verifier
 * registered for the header's {@code alg} (matched case-sensitively; {@code none} is never
 * registered), then the checks java-jwt skips ({@code crit}, {@code exp: null}). Thread-safe; built
 * once per filter.
 */
public final class TokenVerifier {
    private final Map<String, JWTVerifier> verifiers;
    private final int maxTokenLength;

    /**
     * Builds one java-jwt verifier per allowed algorithm.
     *
     * @param config the validated configuration
     */
    public TokenVerifier(JwtAuthConfig config) {
        Map<String, JWTVerifier> byName = new HashMap<>();
        for (JwsAlgorithm alg : config.algorithms()) {
            // BaseVerification is the only Verification with a clock-taking build().
            JWTVerifier.BaseVerification verification =
                    (JWTVerifier.BaseVerification) JWT.require(algorithm(alg, config))
                            .withIssuer(config.issuers().toArray(new String[0]))
                            .withAnyOfAudience(config.audiences().toArray(new String[0]))
                            .withClaimPresence(RegisteredClaims.EXPIRES_AT)
                            .acceptLeeway(config.leeway().toSeconds());
            JWTVerifier verifier = verification.build(config.clock());
            byName.put(alg.name(), verifier);
        }
        this.verifiers = Map.copyOf(byName);
        this.maxTokenLength = config.maxTokenLength();
    }

    /**
     * Verifies a token.
     *
     * @param token the token as received
     * @return the decoded, verified token
     * @throws TokenRejectedException with the reason the token was refused
     */
    public DecodedJWT verify(String token) throws TokenRejectedException {
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
            verifier.verify(jwt);
            checkDates(jwt);
            return jwt;
        } catch (JWTVerificationException e) {
            throw new TokenRejectedException(reasonFor(e));
        } catch (RuntimeException e) {
            // java-jwt lets e.g. DateTimeException escape for out-of-range dates (java-jwt #782).
            throw new TokenRejectedException(RejectionReason.INVALID_CLAIM);
        }
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
