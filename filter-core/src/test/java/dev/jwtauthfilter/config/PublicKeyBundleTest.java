package dev.jwtauthfilter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import dev.jwtauthfilter.verify.TokenRejectedException;
import dev.jwtauthfilter.verify.TokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One publicKey source may hold several PEM blocks, so that e.g. {@code RS256,ES256} works. */
class PublicKeyBundleTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static String pem(String name) {
        return TestKeys.resourceText("/keys/" + name + "-public.pem");
    }

    private static JwtAuthConfig parse(String algorithms, String bundle) {
        Map<String, String> params = Map.of(
                "issuer",
                TestTokens.ISSUER,
                "audience",
                TestTokens.AUDIENCE,
                "algorithms",
                algorithms,
                "publicKey",
                "env:KEYS");
        return InitParamParser.with(Map.of("KEYS", bundle)::get, n -> null, PublicKeyBundleTest.class.getClassLoader())
                .parse(params)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    @Test
    void verifiesBothAlgorithmsWhenBundleHoldsRsaAndEcKey() throws TokenRejectedException {
        TokenVerifier verifier = new TokenVerifier(parse("RS256,ES256", pem(TestKeys.RSA) + pem(TestKeys.EC_P256)));

        DecodedJWT rsa = verifier.verify(TestTokens.valid(NOW).sign(TestTokens.rs256()));
        DecodedJWT ec = verifier.verify(TestTokens.valid(NOW).sign(TestTokens.es256()));

        assertEquals("RS256", rsa.getAlgorithm());
        assertEquals("ES256", ec.getAlgorithm());
    }

    @Test
    void refusesTwoKeysForTheSameAlgorithm() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> parse("RS256", pem(TestKeys.RSA) + pem(TestKeys.RSA_OTHER)));
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'publicKey' holds 2 keys for RS256; give one key"
                        + " per kind (one RSA key, one EC key per curve)",
                e.getMessage());
    }

    @Test
    void refusesKeyThatNoAllowedAlgorithmUses() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> parse("RS256", pem(TestKeys.RSA) + pem(TestKeys.EC_P256)));
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'publicKey' holds an EC key on a 256-bit curve"
                        + " that no allowed algorithm uses",
                e.getMessage());
    }

    @Test
    void refusesRs256AndEs256WhenOnlyRsaKeyGiven() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("RS256,ES256", pem(TestKeys.RSA)));
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'publicKey' holds no key for ES256: it needs an EC"
                        + " key on the P-256 curve, found an RSA key",
                e.getMessage());
    }
}
