package dev.jwtauthfilter.jwks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.testsupport.TestKeys;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Choosing a token's key: by {@code kid} and algorithm (a JWK's {@code alg} must equal the token's,
 * the key must be of the algorithm's kind and curve), never an ambiguous one, and without {@code kid}
 * only from a set of exactly one usable key.
 */
class JwkSetTest {
    private static final PublicKey RSA = TestKeys.publicKey(TestKeys.RSA);
    private static final PublicKey RSA_OTHER = TestKeys.publicKey(TestKeys.RSA_OTHER);
    private static final PublicKey RSA_1024 = TestKeys.publicKey(TestKeys.RSA_1024);
    private static final PublicKey P256 = TestKeys.publicKey(TestKeys.EC_P256);
    private static final PublicKey P384 = TestKeys.publicKey(TestKeys.EC_P384);

    private static JwkSet setOf(Jwk... keys) {
        return new JwkSet(List.of(keys), Set.of(), List.of());
    }

    @Test
    void findByKidGivesTheKeyWithThatKid() {
        JwkSet set = setOf(new Jwk("a", null, RSA), new Jwk("b", null, RSA_OTHER));

        assertAll(
                () -> assertEquals(Optional.of(RSA), set.find("a", JwsAlgorithm.RS256)),
                () -> assertEquals(Optional.of(RSA_OTHER), set.find("b", JwsAlgorithm.RS512)),
                () -> assertEquals(Optional.empty(), set.find("c", JwsAlgorithm.RS256)));
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"RS384", "RS512", "ES256"})
    void findWhenJwkAlgDiffersFromTheTokenAlgThenEmpty(JwsAlgorithm tokenAlg) {
        JwkSet set = setOf(new Jwk("a", JwsAlgorithm.RS256, RSA));

        assertEquals(Optional.empty(), set.find("a", tokenAlg));
    }

    @Test
    void findWhenJwkAlgEqualsTheTokenAlgThenTheKey() {
        assertEquals(
                Optional.of(RSA), setOf(new Jwk("a", JwsAlgorithm.RS384, RSA)).find("a", JwsAlgorithm.RS384));
    }

    @Test
    void findWhenKeyIsOfAnotherKindOrCurveThenEmpty() {
        JwkSet set = setOf(new Jwk("rsa", null, RSA), new Jwk("p256", null, P256), new Jwk("p384", null, P384));

        assertAll(
                () -> assertEquals(Optional.empty(), set.find("rsa", JwsAlgorithm.ES256)),
                () -> assertEquals(Optional.empty(), set.find("p256", JwsAlgorithm.RS256)),
                () -> assertEquals(Optional.empty(), set.find("p256", JwsAlgorithm.ES384)),
                () -> assertEquals(Optional.empty(), set.find("p384", JwsAlgorithm.ES256)));
    }

    @Test
    void findWhenRsaKeyUnder2048BitsThenEmpty() {
        assertEquals(Optional.empty(), setOf(new Jwk("weak", null, RSA_1024)).find("weak", JwsAlgorithm.RS256));
    }

    @Test
    void findWhenTwoKeysOfTheSameKindShareTheKidThenEmptyAsAmbiguous() {
        JwkSet set = setOf(new Jwk("a", null, RSA), new Jwk("a", null, RSA_OTHER));

        assertEquals(Optional.empty(), set.find("a", JwsAlgorithm.RS256));
    }

    @Test
    void findWhenKeysOfDifferentKindsShareTheKidThenTheAlgorithmPicks() {
        JwkSet set = setOf(new Jwk("a", null, RSA), new Jwk("a", null, P256));

        assertAll(
                () -> assertEquals(Optional.of(RSA), set.find("a", JwsAlgorithm.RS256)),
                () -> assertEquals(Optional.of(P256), set.find("a", JwsAlgorithm.ES256)));
    }

    @Test
    void findWithoutKidWhenTheSetHoldsExactlyOneUsableKeyThenThatKey() {
        assertEquals(Optional.of(RSA), setOf(new Jwk("a", null, RSA)).find(null, JwsAlgorithm.RS256));
    }

    @Test
    void findWithoutKidWhenTheOnlyKeyDoesNotFitThenEmpty() {
        assertEquals(
                Optional.empty(), setOf(new Jwk("a", JwsAlgorithm.RS512, RSA)).find(null, JwsAlgorithm.RS256));
    }

    @Test
    void findWithoutKidWhenTheSetHoldsTwoKeysThenEmptyEvenIfOnlyOneFits() {
        JwkSet set = setOf(new Jwk("a", null, RSA), new Jwk("b", null, P256));

        assertAll(
                () -> assertEquals(Optional.empty(), set.find(null, JwsAlgorithm.RS256)),
                () -> assertEquals(Optional.empty(), set.find(null, JwsAlgorithm.ES256)));
    }

    @Test
    void findWithKidNeverMatchesAKeyWithoutKid() {
        assertEquals(Optional.empty(), setOf(new Jwk(null, null, RSA)).find("a", JwsAlgorithm.RS256));
    }
}
