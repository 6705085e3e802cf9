package dev.jwtauthfilter.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jwtauthfilter.config.JwsAlgorithm;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final SigningKeys keys = new SigningKeys(clock, Duration.ofMinutes(16));

    @Test
    void tokensCarryTheKidOfTheKeyThatSignedThem() {
        DecodedJWT jwt = JWT.decode(JWT.create().withSubject("alice").sign(keys.signer()));

        assertEquals(keys.currentKeyId(), jwt.getKeyId());
    }

    @Test
    void jwksPublishesAKeyThatVerifiesTheTokens() throws Exception {
        String token = JWT.create().withSubject("alice").sign(keys.signer());

        JsonNode jwk = new ObjectMapper().readTree(keys.jwksJson()).get("keys").get(0); // the current key first

        assertEquals("EC", jwk.get("kty").asText());
        assertEquals("P-256", jwk.get("crv").asText());
        assertEquals("ES256", jwk.get("alg").asText());
        assertEquals("sig", jwk.get("use").asText());
        assertEquals(keys.currentKeyId(), jwk.get("kid").asText());
        JWT.require(Algorithm.ECDSA256(fromJwk(jwk), null)).build().verify(token);
    }

    @Test
    void rotationKeepsTheOldKeyVerifyingAndPublishedUntilItsTokensExpire() throws Exception {
        String oldKid = keys.currentKeyId();

        keys.rotate();

        assertNotEquals(oldKid, keys.currentKeyId());
        assertTrue(keys.find(oldKid, JwsAlgorithm.ES256).isPresent());
        assertTrue(kids().contains(oldKid));
        assertEquals(3, kids().size());
    }

    @Test
    void theKeyThatSignsAfterARotationWasPublishedBeforeIt() throws Exception {
        List<String> before = kids();

        keys.rotate();

        assertTrue(before.contains(keys.currentKeyId()));
    }

    @Test
    void retiredKeyDisappearsOnceItsTokensHaveExpired() throws Exception {
        String oldKid = keys.currentKeyId();
        keys.rotate();

        clock.advance(Duration.ofMinutes(16).plusSeconds(1));

        assertTrue(keys.find(oldKid, JwsAlgorithm.ES256).isEmpty());
        assertEquals(2, kids().size());
    }

    @Test
    void findAnswersOnlyForAKnownKidAndEs256() {
        assertTrue(keys.find(keys.currentKeyId(), JwsAlgorithm.ES256).isPresent());
        assertTrue(keys.find(null, JwsAlgorithm.ES256).isEmpty());
        assertTrue(keys.find("unknown", JwsAlgorithm.ES256).isEmpty());
        assertTrue(keys.find(keys.currentKeyId(), JwsAlgorithm.RS256).isEmpty());
    }

    private List<String> kids() throws Exception {
        List<String> kids = new ArrayList<>();
        new ObjectMapper()
                .readTree(keys.jwksJson())
                .get("keys")
                .forEach(k -> kids.add(k.get("kid").asText()));
        return kids;
    }

    private static ECPublicKey fromJwk(JsonNode jwk) throws Exception {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        ECPoint point = new ECPoint(
                new BigInteger(1, b64.decode(jwk.get("x").asText())),
                new BigInteger(1, b64.decode(jwk.get("y").asText())));
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
    }
}
