package dev.jwtauthfilter.verify;

import static dev.jwtauthfilter.verify.VerifyFixtures.CLOCK;
import static dev.jwtauthfilter.verify.VerifyFixtures.LEEWAY;
import static dev.jwtauthfilter.verify.VerifyFixtures.NOW;
import static dev.jwtauthfilter.verify.VerifyFixtures.RS256_HEADER;
import static dev.jwtauthfilter.verify.VerifyFixtures.expIn;
import static dev.jwtauthfilter.verify.VerifyFixtures.rs256;
import static dev.jwtauthfilter.verify.VerifyFixtures.rs256Header;
import static dev.jwtauthfilter.verify.VerifyFixtures.rs256Payload;
import static dev.jwtauthfilter.verify.VerifyFixtures.rsaConfig;
import static dev.jwtauthfilter.verify.VerifyFixtures.rsaVerifier;
import static dev.jwtauthfilter.verify.VerifyFixtures.validRs256;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.keys.KeySourceException;
import dev.jwtauthfilter.testsupport.InMemoryKeySource;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verification outcomes with a fixed clock: every accepted shape, and the exact {@link
 * RejectionReason} of every refusal. Pure encoding rules are in {@link TokenFormatTest}.
 */
class TokenVerifierTest {

    private static RejectionReason rejection(TokenVerifier verifier, String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token))
                .reason();
    }

    private static RejectionReason rejection(String token) {
        return rejection(rsaVerifier(), token);
    }

    // ---- accepted tokens ----

    @Test
    void verifyWhenValidRs256TokenThenReturnsDecodedToken() throws Exception {
        DecodedJWT jwt = rsaVerifier().verify(validRs256());

        assertEquals("alice", jwt.getSubject());
    }

    @Test
    void verifyWhenValidEs256TokenThenReturnsDecodedToken() throws Exception {
        TokenVerifier verifier = new TokenVerifier(esConfig("ES256", TestKeys.EC_P256));

        DecodedJWT jwt = verifier.verify(TestTokens.valid(NOW).sign(TestTokens.es256()));

        assertEquals("alice", jwt.getSubject());
    }

    @Test
    void verifyWhenValidEs384TokenThenReturnsDecodedToken() throws Exception {
        TokenVerifier verifier = new TokenVerifier(esConfig("ES384", TestKeys.EC_P384));
        Algorithm es384 = Algorithm.ECDSA384(null, (ECPrivateKey) TestKeys.privateKey(TestKeys.EC_P384));

        DecodedJWT jwt = verifier.verify(TestTokens.valid(NOW).sign(es384));

        assertEquals("alice", jwt.getSubject());
    }

    static Stream<Arguments> rsaAlgorithms() {
        RSAPrivateKey key = (RSAPrivateKey) TestKeys.privateKey(TestKeys.RSA);
        return Stream.of(
                Arguments.of("RS256", Algorithm.RSA256(null, key)),
                Arguments.of("RS384", Algorithm.RSA384(null, key)),
                Arguments.of("RS512", Algorithm.RSA512(null, key)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rsaAlgorithms")
    void verifyWhenValidRsaTokenOfConfiguredAlgorithmThenReturnsDecodedToken(String name, Algorithm algorithm)
            throws Exception {
        TokenVerifier verifier = new TokenVerifier(rsaConfig().algorithms(name).build());

        DecodedJWT jwt = verifier.verify(TestTokens.valid(NOW).sign(algorithm));

        assertEquals(name, jwt.getAlgorithm());
    }

    static Stream<Arguments> hmacAlgorithms() {
        byte[] secret = TestKeys.hmacSecret();
        return Stream.of(
                Arguments.of("HS256", Algorithm.HMAC256(secret)),
                Arguments.of("HS384", Algorithm.HMAC384(secret)),
                Arguments.of("HS512", Algorithm.HMAC512(secret)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacAlgorithms")
    void verifyWhenValidHmacTokenOfConfiguredAlgorithmThenReturnsDecodedToken(String name, Algorithm algorithm)
            throws Exception {
        TokenVerifier verifier = new TokenVerifier(hmacConfig(name));

        DecodedJWT jwt = verifier.verify(TestTokens.valid(NOW).sign(algorithm));

        assertEquals(name, jwt.getAlgorithm());
    }

    @Test
    void verifyWhenHmacTokenSignedWithAnotherSecretThenBadSignature() {
        TokenVerifier verifier = new TokenVerifier(hmacConfig("HS256"));
        byte[] otherSecret =
                "another-64-byte-secret-another-64-byte-secret-another-64-byte-se".getBytes(StandardCharsets.UTF_8);

        String token = TestTokens.valid(NOW).sign(Algorithm.HMAC256(otherSecret));

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(verifier, token));
    }

    @Test
    void verifyWhenHs384TokenButOnlyHs256ConfiguredThenAlgorithmNotAllowed() {
        TokenVerifier verifier = new TokenVerifier(hmacConfig("HS256"));

        String token = TestTokens.valid(NOW).sign(Algorithm.HMAC384(TestKeys.hmacSecret()));

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(verifier, token));
    }

    @Test
    void verifyWhenEs256ConfiguredAndTokenSignedWithAnotherEcKeyThenBadSignature() {
        TokenVerifier verifier = new TokenVerifier(esConfig("ES256", TestKeys.EC_P256));
        // a fresh P-256 key the verifier does not know
        Algorithm stranger = Algorithm.ECDSA256(null, (ECPrivateKey) freshEcP256PrivateKey());

        assertEquals(
                RejectionReason.BAD_SIGNATURE,
                rejection(verifier, TestTokens.valid(NOW).sign(stranger)));
    }

    // ---- exp, nbf, iat and the leeway ----

    @Test
    void verifyWhenExpiredBeyondLeewayByOneSecondThenExpired() {
        String token = rs256(TestTokens.valid(NOW).withExpiresAt(NOW.minusSeconds(LEEWAY + 1)));

        assertEquals(RejectionReason.EXPIRED, rejection(token));
    }

    @Test
    void verifyWhenExpiredExactlyByTheLeewayThenExpired() {
        String token = rs256(TestTokens.valid(NOW).withExpiresAt(NOW.minusSeconds(LEEWAY)));

        assertEquals(RejectionReason.EXPIRED, rejection(token));
    }

    @Test
    void verifyWhenExpiredButOneSecondWithinLeewayThenAccepted() throws Exception {
        String token = rs256(TestTokens.valid(NOW).withExpiresAt(NOW.minusSeconds(LEEWAY - 1)));

        assertEquals(NOW.minusSeconds(LEEWAY - 1), rsaVerifier().verify(token).getExpiresAtAsInstant());
    }

    @Test
    void verifyWhenLeewayZeroAndExpIsNowThenExpired() {
        TokenVerifier verifier = new TokenVerifier(rsaConfig().leewaySeconds(0).build());

        String token = rs256(TestTokens.valid(NOW).withExpiresAt(NOW));

        assertEquals(RejectionReason.EXPIRED, rejection(verifier, token));
    }

    @Test
    void verifyWhenLeewayZeroAndExpOneSecondAheadThenAccepted() throws Exception {
        TokenVerifier verifier = new TokenVerifier(rsaConfig().leewaySeconds(0).build());

        String token = rs256(TestTokens.valid(NOW).withExpiresAt(NOW.plusSeconds(1)));

        assertEquals(NOW.plusSeconds(1), verifier.verify(token).getExpiresAtAsInstant());
    }

    @Test
    void verifyWhenNotBeforeBeyondLeewayThenNotYetValid() {
        String token = rs256(TestTokens.valid(NOW).withNotBefore(NOW.plusSeconds(LEEWAY + 1)));

        assertEquals(RejectionReason.NOT_YET_VALID, rejection(token));
    }

    @ParameterizedTest(name = "nbf = now + {0}s")
    @ValueSource(ints = {LEEWAY, LEEWAY - 1, 0, -60})
    void verifyWhenNotBeforeWithinLeewayThenAccepted(int offsetSeconds) throws Exception {
        String token = rs256(TestTokens.valid(NOW).withNotBefore(NOW.plusSeconds(offsetSeconds)));

        assertEquals(NOW.plusSeconds(offsetSeconds), rsaVerifier().verify(token).getNotBeforeAsInstant());
    }

    @Test
    void verifyWhenIssuedAtBeyondLeewayInTheFutureThenIssuedInFuture() {
        String token = rs256(TestTokens.valid(NOW).withIssuedAt(NOW.plusSeconds(LEEWAY + 1)));

        assertEquals(RejectionReason.ISSUED_IN_FUTURE, rejection(token));
    }

    @Test
    void verifyWhenIssuedAtWithinLeewayInTheFutureThenAccepted() throws Exception {
        String token = rs256(TestTokens.valid(NOW).withIssuedAt(NOW.plusSeconds(LEEWAY)));

        assertEquals(NOW.plusSeconds(LEEWAY), rsaVerifier().verify(token).getIssuedAtAsInstant());
    }

    @Test
    void verifyWhenExpMissingThenMissingExpiry() {
        assertEquals(RejectionReason.MISSING_EXPIRY, rejection(rs256Payload("")));
    }

    @Test
    void verifyWhenExpIsJsonNullThenMissingExpiry() {
        assertEquals(RejectionReason.MISSING_EXPIRY, rejection(rs256Payload("\"exp\":null")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nbf", "iat"})
    void verifyWhenNotBeforeOrIssuedAtIsJsonNullThenInvalidClaim(String claim) {
        String token = TestTokens.rawRs256(
                RS256_HEADER,
                "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                        + "\",\"sub\":\"alice\",\"jti\":\"j1\"," + expIn(600) + ",\"" + claim + "\":null}");

        assertEquals(RejectionReason.INVALID_CLAIM, rejection(token));
    }

    /** java-jwt's getId()/getSubject() would read these as "400", "true", "" (found by TokenPathFuzzTest). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "\"jti\":400,\"sub\":\"alice\"",
                "\"jti\":true,\"sub\":\"alice\"",
                "\"jti\":{},\"sub\":\"alice\"",
                "\"jti\":[\"j1\"],\"sub\":\"alice\"",
                "\"jti\":\"j1\",\"sub\":42",
                "\"jti\":\"j1\",\"sub\":{}"
            })
    void verifyWhenJwtIdOrSubjectIsNotAStringThenInvalidClaim(String members) {
        String token = TestTokens.rawRs256(
                RS256_HEADER,
                "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE + "\"," + members + ","
                        + expIn(600) + "}");

        assertEquals(RejectionReason.INVALID_CLAIM, rejection(token));
    }

    @Test
    void verifyWhenJwtIdIsJsonNullThenAbsent() throws TokenRejectedException {
        String token = TestTokens.rawRs256(
                RS256_HEADER,
                "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                        + "\",\"sub\":\"alice\",\"jti\":null," + expIn(600) + "}");

        assertEquals(null, rsaVerifier().verify(token).getId());
    }

    static Stream<String> outOfRangeDates() {
        return Stream.of(
                "\"exp\":9223372036854775807",
                "\"exp\":31556889864403200",
                "\"exp\":-9223372036854775807",
                "\"exp\":-31556889864403200",
                "\"exp\":\"tomorrow\"",
                "\"exp\":true",
                "\"exp\":{}",
                "\"exp\":[]",
                "\"exp\":1e400",
                "\"exp\":123456789012345678901234567890",
                expIn(600) + ",\"nbf\":9223372036854775807",
                expIn(600) + ",\"nbf\":-9223372036854775807",
                expIn(600) + ",\"nbf\":\"yesterday\"",
                expIn(600) + ",\"iat\":31556889864403200",
                expIn(600) + ",\"iat\":\"now\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRangeDates")
    void verifyWhenDateClaimOutOfRangeOrNotNumericThenRejectedNotRuntimeException(String members) {
        // the payload repeats "iat" for the iat cases; drop the standard one so the JSON stays strict
        String payload = TestTokens.payloadJson(NOW, members);
        if (members.contains("\"iat\"")) {
            payload = payload.replaceFirst(",\"iat\":\\d+", "");
        }
        String token = TestTokens.rawRs256(RS256_HEADER, payload);

        assertThrows(TokenRejectedException.class, () -> rsaVerifier().verify(token));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"exp\":9223372036854775807", "\"exp\":-9223372036854775807", "\"exp\":\"tomorrow\""})
    void verifyWhenUnsignedTokenHasOutOfRangeDateThenRejectedNotRuntimeException(String members) {
        // the decoder throws before any signature check: an unauthenticated caller controls this input
        String signed = TestTokens.rawRs256(RS256_HEADER, TestTokens.payloadJson(NOW, members));
        String forged = signed.substring(0, signed.lastIndexOf('.') + 1) + "AAAA";

        assertThrows(TokenRejectedException.class, () -> rsaVerifier().verify(forged));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("datesBeforeTheEpoch")
    void verifyWhenNotBeforeOrIssuedAtIsBeforeTheEpochThenInvalidClaim(String claim, String value) {
        // java-jwt takes them as dates long passed; no issuer writes one (a negative exp is expired)
        assertEquals(RejectionReason.INVALID_CLAIM, rejection(rs256With(claim, value)));
    }

    static Stream<Arguments> datesBeforeTheEpoch() {
        return Stream.of("nbf", "iat")
                .flatMap(claim -> Stream.of("-1", "-1.5", "-1000000000", "-31556889864403200")
                        .map(value -> Arguments.of(claim, value)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nbf", "iat"})
    void verifyWhenNotBeforeOrIssuedAtIsTheEpochThenAccepted(String claim) throws Exception {
        assertEquals(
                0L, rsaVerifier().verify(rs256With(claim, "0")).getClaim(claim).asLong());
    }

    @Test
    void verifyWhenDatesAreNonIntegerThenAcceptedAsTheirWholeSeconds() throws Exception {
        // RFC 7519 §2: a NumericDate may be non-integer
        String token = TestTokens.rawRs256(
                RS256_HEADER,
                "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
                        + "\",\"sub\":\"alice\",\"jti\":\"j1\",\"iat\":" + (NOW.getEpochSecond() - 5) + ".25,\"nbf\":"
                        + (NOW.getEpochSecond() - 10) + ".75,\"exp\":" + (NOW.getEpochSecond() + 600) + ".5}");

        DecodedJWT jwt = rsaVerifier().verify(token);

        assertAll(
                () -> assertEquals(NOW.plusSeconds(600), jwt.getExpiresAtAsInstant()),
                () -> assertEquals(NOW.minusSeconds(10), jwt.getNotBeforeAsInstant()),
                () -> assertEquals(NOW.minusSeconds(5), jwt.getIssuedAtAsInstant()));
    }

    // ---- iss ----

    @Test
    void verifyWhenIssuerDiffersThenWrongIssuer() {
        String token = rs256(TestTokens.valid(NOW).withIssuer("https://evil.test"));

        assertEquals(RejectionReason.WRONG_ISSUER, rejection(token));
    }

    @Test
    void verifyWhenIssuerDiffersOnlyInCaseThenWrongIssuer() {
        String token = rs256(TestTokens.valid(NOW).withIssuer("https://ISSUER.test"));

        assertEquals(RejectionReason.WRONG_ISSUER, rejection(token));
    }

    @Test
    void verifyWhenIssuerHasTrailingSlashThenWrongIssuer() {
        String token = rs256(TestTokens.valid(NOW).withIssuer(TestTokens.ISSUER + "/"));

        assertEquals(RejectionReason.WRONG_ISSUER, rejection(token));
    }

    @Test
    void verifyWhenIssuerMissingThenWrongIssuer() {
        String token = rs256Without("iss");

        assertEquals(RejectionReason.WRONG_ISSUER, rejection(token));
    }

    @Test
    void verifyWhenTokenIssuedBySecondOfSeveralConfiguredIssuersThenAccepted() throws Exception {
        TokenVerifier verifier = new TokenVerifier(rsaConfig()
                .issuer("https://first.test", "https://second.test", TestTokens.ISSUER)
                .build());

        String token = rs256(TestTokens.valid(NOW).withIssuer("https://second.test"));

        assertEquals("https://second.test", verifier.verify(token).getIssuer());
    }

    @Test
    void verifyWhenIssuerIsNoneOfSeveralConfiguredIssuersThenWrongIssuer() {
        TokenVerifier verifier = new TokenVerifier(
                rsaConfig().issuer("https://first.test", "https://second.test").build());

        assertEquals(RejectionReason.WRONG_ISSUER, rejection(verifier, validRs256()));
    }

    // ---- aud ----

    @Test
    void verifyWhenAudienceDiffersThenWrongAudience() {
        String token = rs256(TestTokens.valid(NOW).withAudience("other-api"));

        assertEquals(RejectionReason.WRONG_AUDIENCE, rejection(token));
    }

    @Test
    void verifyWhenAudienceArrayContainsOursThenAccepted() throws Exception {
        String token = rs256(TestTokens.valid(NOW).withAudience("other-api", TestTokens.AUDIENCE, "third-api"));

        assertEquals(
                List.of("other-api", TestTokens.AUDIENCE, "third-api"),
                rsaVerifier().verify(token).getAudience());
    }

    @Test
    void verifyWhenAudienceArrayLacksOursThenWrongAudience() {
        String token = rs256(TestTokens.valid(NOW).withAudience("other-api", "third-api"));

        assertEquals(RejectionReason.WRONG_AUDIENCE, rejection(token));
    }

    @Test
    void verifyWhenAudienceMissingThenWrongAudience() {
        String token = rs256Without("aud");

        assertEquals(RejectionReason.WRONG_AUDIENCE, rejection(token));
    }

    @Test
    void verifyWhenTokenAudienceIsSecondOfSeveralConfiguredAudiencesThenAccepted() throws Exception {
        TokenVerifier verifier = new TokenVerifier(
                rsaConfig().audience("first-api", TestTokens.AUDIENCE).build());

        assertEquals(List.of(TestTokens.AUDIENCE), verifier.verify(validRs256()).getAudience());
    }

    @ParameterizedTest(name = "aud = {0}")
    @ValueSource(strings = {"[null,\"test-api\"]", "[\"test-api\",null]", "[\"test-api\",123]", "[\"test-api\",true]"})
    void verifyWhenAudienceArrayListsOursBesideAValueThatIsNotAStringThenInvalidClaim(String aud) {
        // RFC 7519 §4.1.3: a string or an array of strings; java-jwt checks only that ours is listed
        assertEquals(RejectionReason.INVALID_CLAIM, rejection(rs256With("aud", aud)));
    }

    @ParameterizedTest(name = "aud = {0}")
    @ValueSource(strings = {"[\"test-api\",{}]", "[\"test-api\",[\"x\"]]"})
    void verifyWhenAudienceArrayHoldsAnObjectOrArrayThenMalformed(String aud) {
        // java-jwt cannot read these members as strings and refuses the token while decoding it
        assertEquals(RejectionReason.MALFORMED, rejection(rs256With("aud", aud)));
    }

    @Test
    void verifyWhenAudienceArrayHoldsTheNumberThatReadsAsTheConfiguredAudienceThenInvalidClaim() {
        // java-jwt reads [123] as ["123"]: a number must not pass for an audience named "123"
        TokenVerifier verifier = new TokenVerifier(rsaConfig().audience("123").build());

        assertEquals(RejectionReason.INVALID_CLAIM, rejection(verifier, rs256With("aud", "[123]")));
    }

    // ---- sub, jti ----

    static Stream<Arguments> subjectsAndIdsThatAreNotStrings() {
        return Stream.of("sub", "jti")
                .flatMap(claim -> Stream.of("123", "true", "[\"alice\"]", "[]", "{\"id\":\"alice\"}", "{}")
                        .map(value -> Arguments.of(claim, value)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("subjectsAndIdsThatAreNotStrings")
    void verifyWhenSubjectOrJwtIdIsNotAStringThenInvalidClaim(String claim, String value) {
        // java-jwt reads 123 as "123" and an array or object as "": a revocation entry or cutoff for
        // one string would then match tokens that never carried it, or many tokens would share one
        assertEquals(RejectionReason.INVALID_CLAIM, rejection(rs256With(claim, value)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sub", "jti"})
    void verifyWhenSubjectOrJwtIdIsJsonNullThenAcceptedAsAbsent(String claim) throws Exception {
        // absent to the callers, which refuse a missing principal or a missing jti the deny-list needs
        assertEquals(
                true,
                rsaVerifier().verify(rs256With(claim, "null")).getClaim(claim).isNull());
    }

    // ---- alg ----

    @ParameterizedTest(name = "alg = {0}")
    @ValueSource(
            strings = {
                "none", "None", "nOnE", "NONE", "rs256", "Rs256", "RS256 ", "RS384", "RS512", "HS256", "ES256", "PS256",
                ""
            })
    void verifyWhenHeaderAlgIsNotAnAllowedNameThenAlgorithmNotAllowed(String alg) {
        // signed with the real RS256 key: only the header's alg is wrong
        String token = rs256Header("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(token));
    }

    @Test
    void verifyWhenHeaderHasNoAlgThenAlgorithmNotAllowed() {
        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(rs256Header("{\"typ\":\"JWT\"}")));
    }

    @Test
    void verifyWhenHeaderAlgIsJsonNullThenAlgorithmNotAllowed() {
        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(rs256Header("{\"alg\":null}")));
    }

    @Test
    void verifyWhenUnsecuredTokenWithEmptySignatureThenMalformed() {
        String token = TestTokens.signingInput("{\"alg\":\"none\"}", TestTokens.payloadJson(NOW, expIn(600))) + ".";

        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    static Stream<Arguments> rsaPublicKeyBytes() {
        String pem = TestKeys.resourceText("/keys/test-only-rsa-2048-public.pem");
        return Stream.of(
                Arguments.of("PEM file bytes", pem.getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("PEM without trailing newline", pem.strip().getBytes(StandardCharsets.US_ASCII)),
                Arguments.of(
                        "DER (SPKI) bytes", TestKeys.publicKey(TestKeys.RSA).getEncoded()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rsaPublicKeyBytes")
    void verifyWhenHs256SignedWithRsaPublicKeyWhileRs256ConfiguredThenAlgorithmNotAllowed(
            String form, byte[] publicKeyBytes) {
        String token = TestTokens.rawHs256(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", TestTokens.payloadJson(NOW, expIn(600)), publicKeyBytes);

        assertEquals(RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(token));
    }

    // ---- signature ----

    @Test
    void verifyWhenPayloadTamperedThenBadSignature() {
        String token = validRs256();
        String forgedPayload =
                TestTokens.b64(TestTokens.payloadJson(NOW, expIn(600)).replace("alice", "admin"));

        String tampered = VerifyFixtures.header(token) + "." + forgedPayload + "." + VerifyFixtures.signature(token);

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(tampered));
    }

    @Test
    void verifyWhenSignatureTamperedThenBadSignature() {
        String token = validRs256();
        int index = token.lastIndexOf('.') + 10;
        char replacement = token.charAt(index) == 'A' ? 'B' : 'A';

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(VerifyFixtures.replaceAt(token, index, replacement)));
    }

    @Test
    void verifyWhenSignedByAnotherRsaKeyThenBadSignature() {
        String token = TestTokens.valid(NOW).sign(TestTokens.rs256Other());

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(token));
    }

    @Test
    void verifyWhenSignatureOfAnotherTokenThenBadSignature() {
        String mine = validRs256();
        String other = rs256(TestTokens.valid(NOW).withSubject("bob"));

        String spliced = mine.substring(0, mine.lastIndexOf('.') + 1) + VerifyFixtures.signature(other);

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(spliced));
    }

    @Test
    void verifyWhenEcdsaSignatureIsAllZeroThenBadSignature() {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify
        TokenVerifier verifier = new TokenVerifier(esConfig("ES256", TestKeys.EC_P256));
        String token = TestTokens.valid(NOW).sign(TestTokens.es256());

        String zeroed = token.substring(0, token.lastIndexOf('.') + 1) + TestTokens.b64(new byte[64]);

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(verifier, zeroed));
    }

    // ---- crit ----

    @Test
    void verifyWhenHeaderHasCritThenCriticalHeader() {
        String token = rs256Header("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"crit\":[\"exp\"],\"exp\":1}");

        assertEquals(RejectionReason.CRITICAL_HEADER, rejection(token));
    }

    @Test
    void verifyWhenHeaderHasEmptyCritThenCriticalHeader() {
        assertEquals(RejectionReason.CRITICAL_HEADER, rejection(rs256Header("{\"alg\":\"RS256\",\"crit\":[]}")));
    }

    @Test
    void verifyWhenHeaderHasNullCritThenCriticalHeader() {
        assertEquals(RejectionReason.CRITICAL_HEADER, rejection(rs256Header("{\"alg\":\"RS256\",\"crit\":null}")));
    }

    // ---- format and length (the rules themselves: TokenFormatTest) ----

    static Stream<Arguments> malformedTokens() {
        String token = validRs256();
        String header = VerifyFixtures.header(token);
        String payload = VerifyFixtures.payload(token);
        String signature = VerifyFixtures.signature(token);
        return Stream.of(
                Arguments.of("JWE-shaped, 5 segments", header + "." + payload + ".AAAA.AAAA." + signature),
                Arguments.of("2 segments", header + "." + payload),
                Arguments.of("4 segments", token + "." + signature),
                Arguments.of("empty signature", header + "." + payload + "."),
                Arguments.of("padded signature", token + "=="),
                Arguments.of("non-canonical last signature char", VerifyFixtures.withNonCanonicalSignature(token)),
                Arguments.of("'+' in signature", VerifyFixtures.replaceAt(token, token.lastIndexOf('.') + 5, '+')),
                Arguments.of("'/' in signature", VerifyFixtures.replaceAt(token, token.lastIndexOf('.') + 5, '/')),
                Arguments.of("space in payload", VerifyFixtures.replaceAt(token, token.indexOf('.') + 5, ' ')),
                Arguments.of("'{' in payload", VerifyFixtures.replaceAt(token, token.indexOf('.') + 5, '{')),
                Arguments.of("invalid UTF-8 in payload", VerifyFixtures.withInvalidUtf8()),
                Arguments.of("duplicate claim names", VerifyFixtures.withDuplicateClaim()),
                Arguments.of("trailing garbage after payload JSON", VerifyFixtures.withTrailingGarbage()),
                Arguments.of("payload is a JSON array", TestTokens.rawRs256(RS256_HEADER, "[1,2,3]")),
                Arguments.of("payload is a JSON string", TestTokens.rawRs256(RS256_HEADER, "\"alice\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTokens")
    void verifyWhenTokenIsNotStrictCompactJwsThenMalformed(String shape, String token) {
        assertEquals(RejectionReason.MALFORMED, rejection(token));
    }

    @Test
    void verifyWhenTokenLongerThanMaxTokenLengthThenTooLong() {
        String token = validRs256();
        TokenVerifier verifier =
                new TokenVerifier(rsaConfig().maxTokenLength(token.length() - 1).build());

        assertEquals(RejectionReason.TOO_LONG, rejection(verifier, token));
    }

    @Test
    void verifyWhenTokenExactlyMaxTokenLengthThenAccepted() throws Exception {
        String token = validRs256();
        TokenVerifier verifier =
                new TokenVerifier(rsaConfig().maxTokenLength(token.length()).build());

        assertEquals("alice", verifier.verify(token).getSubject());
    }

    @Test
    void verifyWhenGarbageLongerThanDefaultMaximumThenTooLongBeforeAnyParsing() {
        String garbage = "x".repeat(JwtAuthConfig.DEFAULT_MAX_TOKEN_LENGTH + 1);

        assertEquals(RejectionReason.TOO_LONG, rejection(garbage));
    }

    // ---- keys from a KeySource, chosen by kid ----

    private static final String KID_1 = "signing-2026-02";
    private static final String KID_2 = "signing-2026-03";
    /** A second P-256 key, besides the test key on file. */
    private static final KeyPair OTHER_P256 = ecP256KeyPair();

    private final InMemoryKeySource keys = new InMemoryKeySource();

    private static TokenVerifier verifierWith(KeySource source, String... algorithms) {
        return new TokenVerifier(JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(algorithms)
                .keySource(source)
                .clock(CLOCK)
                .build());
    }

    private static Algorithm es256(KeyPair pair) {
        return Algorithm.ECDSA256(null, (ECPrivateKey) pair.getPrivate());
    }

    @Test
    void verifyWhenKeySourceHoldsTwoEcKeysThenEachTokenVerifiesWithTheKeyItsKidNames() throws Exception {
        keys.put(KID_1, TestKeys.EC_P256).put(KID_2, OTHER_P256.getPublic());
        TokenVerifier verifier = verifierWith(keys, "ES256");
        String first = TestTokens.valid(NOW).withKeyId(KID_1).sign(TestTokens.es256());
        String second =
                TestTokens.valid(NOW).withSubject("bob").withKeyId(KID_2).sign(es256(OTHER_P256));

        assertEquals(
                List.of("alice", "bob"),
                List.of(
                        verifier.verify(first).getSubject(),
                        verifier.verify(second).getSubject()));
    }

    @Test
    void verifyAsksTheKeySourceWithTheTokensKidAndAlg() throws Exception {
        keys.put(KID_1, TestKeys.EC_P256);

        verifierWith(keys, "ES256")
                .verify(TestTokens.valid(NOW).withKeyId(KID_1).sign(TestTokens.es256()));

        assertEquals(List.of(KID_1 + " ES256"), keys.questions());
    }

    @Test
    void verifyWhenKidNamesAnotherKnownKeyThenBadSignature() {
        keys.put(KID_1, TestKeys.EC_P256).put(KID_2, OTHER_P256.getPublic());

        // signed with the key of KID_1, but claims to be KID_2: only KID_2's key is tried
        String token = TestTokens.valid(NOW).withKeyId(KID_2).sign(TestTokens.es256());

        assertEquals(RejectionReason.BAD_SIGNATURE, rejection(verifierWith(keys, "ES256"), token));
    }

    @Test
    void verifyWhenKidUnknownToKeySourceThenUnknownKey() {
        keys.put(KID_1, TestKeys.EC_P256);

        String token = TestTokens.valid(NOW).withKeyId("retired-2025").sign(TestTokens.es256());

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifierWith(keys, "ES256"), token));
    }

    @Test
    void verifyWhenTokenHasNoKidAndKeySourceAnswersEmptyThenUnknownKey() {
        keys.put(KID_1, TestKeys.EC_P256);

        String token = TestTokens.valid(NOW).sign(TestTokens.es256());

        assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifierWith(keys, "ES256"), token));
    }

    @Test
    void verifyWhenKeySourceRetiresAndAddsKeysThenTheSameVerifierFollows() throws Exception {
        keys.put(KID_1, TestKeys.EC_P256);
        TokenVerifier verifier = verifierWith(keys, "ES256");
        String old = TestTokens.valid(NOW).withKeyId(KID_1).sign(TestTokens.es256());
        String rotated = TestTokens.valid(NOW).withKeyId(KID_2).sign(es256(OTHER_P256));
        verifier.verify(old);

        keys.remove(KID_1);
        keys.put(KID_2, OTHER_P256.getPublic());

        assertAll(
                () -> assertEquals(RejectionReason.UNKNOWN_KEY, rejection(verifier, old)),
                () -> assertEquals("alice", verifier.verify(rotated).getSubject()));
    }

    static Stream<Arguments> unsuitableKeys() {
        Algorithm rsa1024 = Algorithm.RSA256(null, (RSAPrivateKey) TestKeys.privateKey(TestKeys.RSA_1024));
        Algorithm es384 = Algorithm.ECDSA384(null, (ECPrivateKey) TestKeys.privateKey(TestKeys.EC_P384));
        return Stream.of(
                // a correct signature: without the size check it would verify
                Arguments.of("1024-bit RSA key for RS256", "RS256", TestKeys.RSA_1024, rsa1024),
                Arguments.of("EC P-256 key for RS256", "RS256", TestKeys.EC_P256, TestTokens.rs256()),
                Arguments.of("RSA key for ES256", "ES256", TestKeys.RSA, TestTokens.es256()),
                Arguments.of("EC P-384 key for ES256", "ES256", TestKeys.EC_P384, TestTokens.es256()),
                Arguments.of("EC P-256 key for ES384", "ES384", TestKeys.EC_P256, es384));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsuitableKeys")
    void verifyWhenKeySourceAnswersKeyThatDoesNotFitTheAlgorithmThenUnsuitableKey(
            String shape, String alg, String answeredKey, Algorithm signer) {
        keys.put(KID_1, answeredKey);

        String token = TestTokens.valid(NOW).withKeyId(KID_1).sign(signer);

        assertEquals(RejectionReason.UNSUITABLE_KEY, rejection(verifierWith(keys, alg), token));
    }

    @ParameterizedTest(name = "kid = {0}")
    @ValueSource(strings = {"123", "{}", "[\"" + KID_1 + "\"]", "null", "true"})
    void verifyWhenKidIsNotAJsonStringThenMalformedAndKeySourceNotAsked(String kidJson) {
        keys.put(KID_1, TestKeys.RSA)
                .put("123", TestKeys.RSA)
                .put("", TestKeys.RSA)
                .put("true", TestKeys.RSA);

        String token = rs256Header("{\"alg\":\"RS256\",\"kid\":" + kidJson + "}");

        assertAll(
                () -> assertEquals(RejectionReason.MALFORMED, rejection(verifierWith(keys, "RS256"), token)),
                () -> assertEquals(List.of(), keys.questions()));
    }

    @Test
    void verifyWhenAlgNotAllowedThenRefusedWithoutAskingTheKeySource() {
        keys.put(KID_1, TestKeys.EC_P384);
        Algorithm es384 = Algorithm.ECDSA384(null, (ECPrivateKey) TestKeys.privateKey(TestKeys.EC_P384));

        String token = TestTokens.valid(NOW).withKeyId(KID_1).sign(es384);

        assertAll(
                () -> assertEquals(
                        RejectionReason.ALGORITHM_NOT_ALLOWED, rejection(verifierWith(keys, "ES256"), token)),
                () -> assertEquals(List.of(), keys.questions()));
    }

    @Test
    void verifyWithKeySourceStillChecksTheClaims() {
        keys.put(KID_1, TestKeys.EC_P256);

        String token =
                TestTokens.valid(NOW).withKeyId(KID_1).withAudience("other-api").sign(TestTokens.es256());

        assertEquals(RejectionReason.WRONG_AUDIENCE, rejection(verifierWith(keys, "ES256"), token));
    }

    @Test
    void verifyWhenKeySourceThrowsKeySourceExceptionThenItEscapesUnchanged() {
        KeySourceException outage = new KeySourceException("key server unreachable", new IOException("timeout"));
        TokenVerifier verifier = verifierWith(
                (kid, alg) -> {
                    throw outage;
                },
                "ES256");
        String token = TestTokens.valid(NOW).withKeyId(KID_1).sign(TestTokens.es256());

        assertSame(outage, assertThrows(KeySourceException.class, () -> verifier.verify(token)));
    }

    static Stream<RuntimeException> keySourceBugs() {
        return Stream.of(
                new IllegalStateException("no key for kid " + KID_1),
                new NullPointerException(),
                new IllegalArgumentException("bad kid " + KID_1),
                new UnsupportedOperationException("read-only"),
                new ClassCastException("odd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keySourceBugs")
    void verifyWhenKeySourceThrowsAnyOtherRuntimeExceptionThenKeySourceExceptionWrapsIt(RuntimeException bug) {
        TokenVerifier verifier = verifierWith(
                (kid, alg) -> {
                    throw bug;
                },
                "ES256");
        String token = TestTokens.valid(NOW).withKeyId(KID_1).sign(TestTokens.es256());

        KeySourceException e = assertThrows(KeySourceException.class, () -> verifier.verify(token));

        assertAll(
                () -> assertSame(bug, e.getCause()),
                () -> assertEquals("key source failed with " + bug.getClass().getName(), e.getMessage()));
    }

    @Test
    void verifyWhenKeySourceAnswersNullInsteadOfOptionalThenKeySourceException() {
        TokenVerifier verifier = verifierWith((kid, alg) -> null, "ES256");
        String token = TestTokens.valid(NOW).withKeyId(KID_1).sign(TestTokens.es256());

        KeySourceException e = assertThrows(KeySourceException.class, () -> verifier.verify(token));

        assertEquals("key source answered null instead of an Optional", e.getMessage());
    }

    // ---- helpers ----

    /** iss, aud, sub, jti "j1", iat = NOW and exp 10 minutes later, less the named claim; RS256-signed. */
    private static String rs256Without(String claim) {
        String members = Stream.of(
                        "\"iss\":\"" + TestTokens.ISSUER + "\"",
                        "\"aud\":\"" + TestTokens.AUDIENCE + "\"",
                        "\"sub\":\"alice\"",
                        "\"jti\":\"j1\"",
                        "\"iat\":" + NOW.getEpochSecond(),
                        expIn(600))
                .filter(member -> !member.startsWith("\"" + claim + "\":"))
                .collect(Collectors.joining(","));
        return TestTokens.rawRs256(RS256_HEADER, "{" + members + "}");
    }

    /** The members of {@link #rs256Without} with {@code claim} set to a raw JSON value; RS256-signed. */
    private static String rs256With(String claim, String rawJsonValue) {
        String token = rs256Without(claim);
        String payload = new String(
                java.util.Base64.getUrlDecoder().decode(VerifyFixtures.payload(token)), StandardCharsets.UTF_8);
        return TestTokens.rawRs256(
                RS256_HEADER, payload.substring(0, payload.length() - 1) + ",\"" + claim + "\":" + rawJsonValue + "}");
    }

    private static JwtAuthConfig esConfig(String alg, String keyName) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(alg)
                .publicKey(TestKeys.publicKey(keyName))
                .clock(CLOCK)
                .build();
    }

    private static JwtAuthConfig hmacConfig(String alg) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(alg)
                .secret(TestKeys.hmacSecret())
                .clock(CLOCK)
                .build();
    }

    private static java.security.PrivateKey freshEcP256PrivateKey() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecP256KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
