package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.jwtauthfilter.testsupport.TestTokens;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claim attacks: genuinely signed tokens (RS256, the key {@link AttackTarget#RS256_APP} trusts) whose
 * registered claims have the wrong type, an out-of-range value, a value just past the leeway, or a
 * near-miss of the expected issuer or audience. Each is refused with {@code 401 invalid_token} and
 * never a 500. Proves R9 ({@code iss} and {@code sub} validated), R10 and R19 ({@code aud} present and
 * listing this application, as a string or an array of strings), R18 ({@code iss} exact and
 * case-sensitive), R20 and R21 ({@code exp} and {@code nbf} with the leeway), R22 (a non-integer
 * NumericDate is a date), R23 ({@code jti} a string where the deny-list needs it), R43 ({@code exp}
 * enforced) and java-jwt gaps 2 ({@code exp} required), 3 ({@code exp: null}) and 4 (out-of-range
 * dates give 401, never 500).
 */
class ClaimAttacksIT extends AttackSuite {
    /** README: {@code leewaySeconds} defaults to 30. */
    private static final int LEEWAY = 30;

    // --- positive controls ----------------------------------------------------------------------

    @Test
    void genuineTokenWithEveryClaimAsTheseAttacksVaryItIsServed() throws Exception {
        long now = now();
        assertAccepted(bearer(RS256_APP, token()), "alice");
        assertAccepted(bearer(RS256_APP, token("nbf", String.valueOf(now - 5))), "alice");
        assertAccepted(bearer(RS256_APP, token("aud", "[\"other-api\",\"" + TestTokens.AUDIENCE + "\"]")), "alice");
        assertAccepted(bearer(RS256_APP, token("aud", "[\"" + TestTokens.AUDIENCE + "\"]")), "alice");
        // the same string as JSON reads it: "\/" is an escaped '/'
        assertAccepted(bearer(RS256_APP, token("iss", "\"https:\\/\\/issuer.test\"")), "alice");
    }

    // --- exp, nbf, iat: types and ranges ---------------------------------------------------------

    static Stream<Arguments> malformedDates() {
        long now = now();
        return Stream.of("exp", "nbf", "iat")
                .flatMap(claim -> Stream.of(
                                "null",
                                "\"tomorrow\"",
                                "\"" + (now + 600) + "\"",
                                "\"1999999999\"",
                                "\"\"",
                                "true",
                                "false",
                                "[" + (now + 600) + "]",
                                "[]",
                                "{}",
                                "{\"$date\":" + (now + 600) + "}",
                                "9223372036854775807",
                                "-9223372036854775808",
                                "31556889864403200",
                                "1e300",
                                "-1e300",
                                "1e400",
                                "18446744073709551616")
                        .map(value -> arguments(claim, value)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedDates")
    void dateClaimThatIsNoUsableNumericDateIsRefusedWith401Not500(String claim, String value) throws Exception {
        String token = token(claim, value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "exp: {0}")
    @ValueSource(strings = {"0", "1", "1000000000", "1000000000.5"})
    void expiryLongInThePastIsRefused(String value) throws Exception {
        String token = token("exp", value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    static Stream<Arguments> datesBeforeTheEpoch() {
        return Stream.of("exp", "nbf", "iat")
                .flatMap(claim -> Stream.of("-1", "-0.5e1", "-1.5", "-1000000000", "-31556889864403200")
                        .map(value -> arguments(claim, value)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("datesBeforeTheEpoch")
    void negativeDateIsRefused(String claim, String value) throws Exception {
        // no issuer writes a date before 1970; java-jwt alone took such an nbf or iat as long passed
        String token = token(claim, value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}: 0")
    @ValueSource(strings = {"nbf", "iat"})
    void notBeforeOrIssuedAtOfTheEpochItselfIsADatePassedAndServed(String claim) throws Exception {
        // the edge of the rule above: 0 is 1970-01-01T00:00:00Z, not negative
        assertAccepted(bearer(RS256_APP, token(claim, "0")), "alice");
    }

    @Test
    void tokenWithoutExpIsRefused() throws Exception {
        String token = token("exp", null);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void tokenWithoutExpButWithNbfAndIatIsRefused() throws Exception {
        String token = token("exp", null, "nbf", String.valueOf(now() - 60));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exp", "nbf", "iat"})
    void nonIntegerNumericDatesAreServedAsRfc7519AllowsTruncatedToTheSecond(String claim) throws Exception {
        // RFC 7519 §2: a NumericDate is a JSON number and "non-integer values can be represented";
        // java-jwt reads the whole seconds (exp now+600.5 is now+600), which never lengthens a token's life.
        long now = now();
        String value = claim.equals("exp") ? (now + 600) + ".5" : (now - 10) + ".75";

        assertAccepted(bearer(RS256_APP, token(claim, value)), "alice");
    }

    @Test
    void nonIntegerExpiryPastTheLeewayIsRefused() throws Exception {
        String token = token("exp", (now() - LEEWAY - 15) + ".9");

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("datesInExponentNotation")
    void numericDateInExponentNotationIsTheNumberItDenotes(String claim, String value, boolean accepted)
            throws Exception {
        String token = token(claim, value);

        if (accepted) {
            assertAccepted(bearer(RS256_APP, token), "alice");
        } else {
            assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
        }
    }

    static Stream<Arguments> datesInExponentNotation() {
        // 4.1e9 is 2099-12-3x, 1.0e9 is 2001: valid and long expired
        return Stream.of(
                arguments("exp", "4.1e9", true),
                arguments("exp", "4.1E+9", true),
                arguments("exp", "1.0e9", false),
                arguments("nbf", "4.1e9", false),
                arguments("iat", "4.1e9", false));
    }

    // --- the leeway (30 s by default) ------------------------------------------------------------

    @Test
    void expiryWithinTheLeewayIsServedAndPastItRefused() throws Exception {
        assertAccepted(bearer(RS256_APP, token("exp", String.valueOf(now() - 20))), "alice");

        String token = token("exp", String.valueOf(now() - 45));
        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void notBeforeWithinTheLeewayIsServedAndPastItRefused() throws Exception {
        assertAccepted(bearer(RS256_APP, token("nbf", String.valueOf(now() + 20))), "alice");

        String token = token("nbf", String.valueOf(now() + 45));
        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void issuedAtInTheFutureWithinTheLeewayIsServedAndPastItRefused() throws Exception {
        // README: "nbf and iat with a leeway": a token issued in the future beyond the skew is refused
        assertAccepted(bearer(RS256_APP, token("iat", String.valueOf(now() + 20))), "alice");

        String token = token("iat", String.valueOf(now() + 45));
        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void notBeforeFarInTheFutureIsRefusedEvenWithAValidExpiry() throws Exception {
        String token = token("nbf", String.valueOf(now() + 3600), "exp", String.valueOf(now() + 7200));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- iss --------------------------------------------------------------------------------------

    static Stream<String> issuerNearMisses() {
        return Stream.of(
                "\"HTTPS://ISSUER.TEST\"",
                "\"https://Issuer.test\"",
                "\"https://issuer.test/\"",
                "\"https://issuer.test \"",
                "\" https://issuer.test\"",
                "\"https://issuer.test\\n\"",
                "\"https://issuer.test\\u0000\"",
                "\"https://issuer.test.\"",
                "\"https://issuer.test:443\"",
                "\"http://issuer.test\"",
                "\"https://issuer.tes\"",
                "\"https://issuer.test.evil.example\"",
                "\"https://\u0456ssuer.test\"", // Cyrillic і
                "\"https://issuer.test\u200b\"", // zero-width space
                "\"\"",
                "null",
                "1",
                "true",
                "[\"https://issuer.test\"]",
                "[\"https://issuer.test\",\"https://evil.example\"]",
                "[\"https://evil.example\",\"https://issuer.test\"]",
                "{\"iss\":\"https://issuer.test\"}",
                "{}");
    }

    @ParameterizedTest(name = "iss: {0}")
    @MethodSource("issuerNearMisses")
    void issuerThatIsNotExactlyTheConfiguredStringIsRefused(String value) throws Exception {
        String token = token("iss", value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void tokenWithoutIssIsRefused() throws Exception {
        String token = token("iss", null);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- aud --------------------------------------------------------------------------------------

    static Stream<String> audienceNearMisses() {
        return Stream.of(
                "\"TEST-API\"",
                "\"Test-Api\"",
                "\"test-api/\"",
                "\"test-api \"",
                "\" test-api\"",
                "\"test-ap\"",
                "\"test-api2\"",
                "\"test-api,other\"",
                "\"test-api other\"",
                "\"\"",
                "null",
                "123",
                "true",
                "[]",
                "[123]",
                "[null]",
                "[\"\"]",
                "[\"TEST-API\"]",
                "[\"other-api\",\"test-api/\"]",
                "[[\"test-api\"]]",
                "[{\"aud\":\"test-api\"}]",
                "{}",
                "{\"aud\":\"test-api\"}");
    }

    @ParameterizedTest(name = "aud: {0}")
    @MethodSource("audienceNearMisses")
    void audienceThatDoesNotListThisApplicationIsRefused(String value) throws Exception {
        String token = token("aud", value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void tokenWithoutAudIsRefused() throws Exception {
        String token = token("aud", null);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @ParameterizedTest(name = "aud: {0}")
    @ValueSource(
            strings = {
                "[null,\"test-api\"]",
                "[\"test-api\",123]",
                "[\"test-api\",true]",
                "[\"test-api\",{}]",
                "[\"test-api\",[\"x\"]]",
                "[\"test-api\",null]"
            })
    void audienceArrayListingThisApplicationBesideValuesThatAreNotStringsIsRefused(String value) throws Exception {
        // RFC 7519 §4.1.3: aud is a string or an array of strings. An array holding a number or null is
        // not a valid aud, whatever else it lists. java-jwt alone passed the first four (it checks only
        // that ours is listed, and reads 123 as "123", which would let a number match an audience named
        // "123"); the filter now refuses them. The issuer signed them, so this is type confusion, not
        // forgery, but R19 and the issue ("arrays with wrong types") ask for a refusal.
        String token = token("aud", value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- sub ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "sub: {0}")
    @ValueSource(
            strings = {
                "null",
                "123",
                "0",
                "true",
                "[\"alice\"]",
                "[]",
                "{\"name\":\"alice\"}",
                "{}",
                "\"\"",
                "\" \"",
                "\"\\t\"",
                "\"\\n\"",
                "\"   \\r\\n\"",
                "\"\u2003\"" // em space
            })
    void subjectThatIsNotANonBlankStringIsRefused(String value) throws Exception {
        String token = token("sub", value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void tokenWithoutSubIsRefused() throws Exception {
        String token = token("sub", null);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- jti --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "jti: {0}")
    @ValueSource(strings = {"null", "123", "true", "[\"a-jti\"]", "[]", "{\"id\":\"a-jti\"}", "{}"})
    void jwtIdThatIsNotAStringIsRefusedWhereTheDenyListNeedsOne(String value) throws Exception {
        // the /app store keeps a deny-list keyed by (iss, jti) (README: tokens without a jti are
        // refused); java-jwt reads 123 as "123" and [..] or {..} as "", so these were served, every
        // array- or object-jti token sharing the one deny-list entry (iss, ""), and the number 123
        // answering to the entry of the string "123" (RFC 7519 §4.1.7: jti is a string).
        String token = token("jti", value);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    @Test
    void tokenWithoutJtiIsRefusedWhereTheDenyListNeedsOne() throws Exception {
        String token = token("jti", null);

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    /**
     * A genuine RS256 token of the standard claims (iss, aud, sub alice, a random jti, iat now, exp in
     * ten minutes), with the named members replaced by raw JSON values; a null value drops the member.
     */
    private static String token(String... nameValuePairs) {
        long now = now();
        Map<String, String> members = new LinkedHashMap<>();
        members.put("iss", "\"" + TestTokens.ISSUER + "\"");
        members.put("aud", "\"" + TestTokens.AUDIENCE + "\"");
        members.put("sub", "\"alice\"");
        members.put("jti", "\"" + UUID.randomUUID() + "\"");
        members.put("iat", String.valueOf(now));
        members.put("exp", String.valueOf(now + 600));
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            if (nameValuePairs[i + 1] == null) {
                members.remove(nameValuePairs[i]);
            } else {
                members.put(nameValuePairs[i], nameValuePairs[i + 1]);
            }
        }
        String payload = members.entrySet().stream()
                .map(m -> "\"" + m.getKey() + "\":" + m.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return TestTokens.rawRs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", payload);
    }
}
