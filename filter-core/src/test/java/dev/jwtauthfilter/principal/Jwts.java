package dev.jwtauthfilter.principal;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;

/** Decoded tokens from raw payload JSON (signature not checked: these tests start after verification). */
final class Jwts {
    private Jwts() {}

    static DecodedJWT decode(String payloadJson) {
        return JWT.decode(TestTokens.signingInput("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payloadJson) + ".c2ln");
    }

    /** A valid configuration with the given principal and roles claims. */
    static JwtAuthConfig config(String principalClaim, String rolesClaim) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(TestKeys.hmacSecret())
                .principalClaim(principalClaim)
                .rolesClaim(rolesClaim)
                .build();
    }
}
