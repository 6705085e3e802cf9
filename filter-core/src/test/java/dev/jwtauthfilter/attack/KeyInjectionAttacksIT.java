package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.ES256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_EC_KID;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_RSA_KID;
import static dev.jwtauthfilter.attack.AttackTarget.KEY_SOURCE_APP;
import static dev.jwtauthfilter.attack.AttackTarget.KEY_SOURCE_KID;
import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static dev.jwtauthfilter.attack.ForgedTokens.genuineRsa;
import static dev.jwtauthfilter.attack.ForgedTokens.header;
import static dev.jwtauthfilter.attack.ForgedTokens.jca;
import static dev.jwtauthfilter.attack.ForgedTokens.sign;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.testsupport.Jwks;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key injection (RFC 8725 §3.10, RFC 7515 §4.1.2–4.1.6, OWASP JWT cheat sheet "trusting key material
 * named in the token header" with CVE-2018-0114; rules R11, R29, O3, O8 (ASVS V9.1.3), O13 (ASVS
 * V16.4.1, no log injection); java-jwt gap 7, gap 5): the filter takes keys only from its own
 * configuration. A token that embeds the attacker's key ({@code jwk}, {@code x5c}) or points at it
 * ({@code jku}, {@code x5u} aimed at the test's canary listener) and is signed with the attacker's
 * private key is refused, and the listener receives no connection. A {@code kid} is data, never a
 * path, query, command or log line: path traversal, SQL, shell, LDAP, format strings, CR/LF, NUL and
 * huge values reach the key source as exactly the string the token holds (or not at all, beyond the
 * length limit) and find nothing; non-string {@code kid}s are refused before any key lookup, even
 * when their text would name a real key; the filter's log shows none of it. A genuine token that
 * merely carries such headers is verified with the application's own key.
 */
class KeyInjectionAttacksIT extends AttackSuite {
    /** A kid no application knows. */
    private static final String ATTACKER_KID = "attacker-kid-8f3e0c";
    /** A path on the trusted JWKS server's host that only an attacker's jku/x5u names. */
    private static final String ATTACKER_PATH = "/attacker/jwks.json";

    /** The attacker's key pairs, fresh for each run. */
    private static final KeyPair ATTACKER_RSA_PAIR = ForgedTokens.freshKeyPair("RSA");

    private static final KeyPair ATTACKER_EC_PAIR = ForgedTokens.freshKeyPair("EC");

    private LogCapture filterLines;
    private int canaryBefore;

    @BeforeEach
    void watch() {
        filterLines = LogCapture.alongside(LogCapture.FILTER_LOGGER, Level.FINE);
        canaryBefore = target.canary().connections();
    }

    @AfterEach
    void stopWatching() {
        filterLines.close();
    }

    // --- embedded jwk ---------------------------------------------------------------------------

    static Stream<Arguments> embeddedJwk() {
        return Stream.of(
                Arguments.of("RSA", "RS256", RS256_APP, null),
                Arguments.of("RSA", "RS256", RS256_APP, ATTACKER_KID),
                Arguments.of("RSA", "RS256", JWKS_APP, null),
                Arguments.of("RSA", "RS256", JWKS_APP, ATTACKER_KID),
                Arguments.of("RSA", "RS256", JWKS_APP, JWKS_RSA_KID),
                Arguments.of("RSA", "RS256", KEY_SOURCE_APP, ATTACKER_KID),
                Arguments.of("RSA", "RS256", KEY_SOURCE_APP, KEY_SOURCE_KID),
                Arguments.of("EC", "ES256", ES256_APP, null),
                Arguments.of("EC", "ES256", ES256_APP, ATTACKER_KID),
                Arguments.of("EC", "ES256", JWKS_APP, null),
                Arguments.of("EC", "ES256", JWKS_APP, ATTACKER_KID),
                Arguments.of("EC", "ES256", JWKS_APP, JWKS_EC_KID));
    }

    @ParameterizedTest(name = "{2}: {1} with the attacker''s {0} key in jwk, kid {3}")
    @MethodSource("embeddedJwk")
    void tokenSignedWithTheKeyItEmbedsAsJwkIsRefused(String keyKind, String alg, String app, String kid)
            throws Exception {
        KeyPair attacker = keyKind.equals("RSA") ? ATTACKER_RSA_PAIR : ATTACKER_EC_PAIR;
        String jwk = Jwks.json(ForgedTokens.jwk(attacker.getPublic(), kid));
        int asked = target.keySource().questions().size();

        String token = sign(header(alg, kid, "\"jwk\":" + jwk), validPayload(), attackerSigner(alg, attacker));

        assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token, jwk);
        if (app.equals(KEY_SOURCE_APP)) {
            // the key source was asked for the token's kid, once, and its own answer was used
            assertEquals(List.of(kid + " RS256"), questionsSince(asked), "questions to the key source");
        }
    }

    // --- jku and x5u ----------------------------------------------------------------------------

    static Stream<Arguments> keyUrls() {
        List<Arguments> out = new ArrayList<>();
        for (String member : List.of("jku", "x5u")) {
            for (String app : List.of(RS256_APP, JWKS_APP, KEY_SOURCE_APP)) {
                out.add(Arguments.of(member, app, null));
                out.add(Arguments.of(member, app, ATTACKER_KID));
                if (ForgedTokens.genuineRsaKid(app) != null) {
                    out.add(Arguments.of(member, app, ForgedTokens.genuineRsaKid(app)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}: {0} at the canary, kid {2}")
    @MethodSource("keyUrls")
    void tokenPointingAtTheAttackersKeyUrlIsRefusedAndTheUrlIsNeverFetched(String member, String app, String kid)
            throws Exception {
        KeyPair attacker = ATTACKER_RSA_PAIR;
        String url = target.canary()
                .uri(member.equals("jku") ? "/jwks.json" : "/attacker.pem")
                .toString();

        String token = sign(
                header("RS256", kid, "\"" + member + "\":\"" + url + "\""),
                validPayload(),
                attackerSigner("RS256", attacker));

        assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token, url);
        assertCanaryNeverReached();
    }

    @Test
    void keyUrlsInOtherFormsAndPlacesAreNeverFetchedEither() throws Exception {
        int port = target.canary().uri("/").getPort();
        KeyPair attacker = ATTACKER_RSA_PAIR;
        List<String> members = List.of(
                "\"jku\":\"http://localhost:" + port + "/jwks.json\"",
                "\"jku\":\"http://user:pw@127.0.0.1:" + port + "/jwks.json\"",
                "\"jku\":\"http://[::ffff:127.0.0.1]:" + port + "/jwks.json\"",
                "\"jku\":\"//127.0.0.1:" + port + "/jwks.json\"",
                "\"jku\":[\"http://127.0.0.1:" + port + "/jwks.json\"]",
                "\"jku\":\"" + target.jwksServer().uri() + "\"",
                "\"jku\":\"" + target.jwksServer().uri(ATTACKER_PATH) + "\"",
                "\"x5u\":\"" + target.jwksServer().uri(ATTACKER_PATH) + "\"",
                "\"x5u\":\"https://127.0.0.1:" + port + "/attacker.pem\"",
                "\"jku\":\"http://127.0.0.1:" + port + "/a\",\"x5u\":\"http://127.0.0.1:" + port + "/b\"",
                "\"jwk\":{\"kty\":\"RSA\",\"jku\":\"http://127.0.0.1:" + port + "/nested\"}",
                "\"x5c\":[],\"x5u\":\"http://127.0.0.1:" + port + "/chain.pem\"");
        for (String app : List.of(RS256_APP, JWKS_APP, KEY_SOURCE_APP)) {
            for (String extra : members) {
                String token = sign(
                        header("RS256", ForgedTokens.genuineRsaKid(app), extra),
                        validPayload(),
                        attackerSigner("RS256", attacker));

                assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token);
            }
        }
        assertCanaryNeverReached();
        assertEquals(0, target.jwksServer().hits(ATTACKER_PATH), "requests for the attacker's path on the JWKS host");
    }

    // --- x5c ------------------------------------------------------------------------------------

    static Stream<Arguments> embeddedCertificate() {
        return Stream.of(
                Arguments.of(ForgedTokens.ATTACKER_RSA, "RS256", RS256_APP, null),
                Arguments.of(ForgedTokens.ATTACKER_RSA, "RS256", JWKS_APP, null),
                Arguments.of(ForgedTokens.ATTACKER_RSA, "RS256", JWKS_APP, ATTACKER_KID),
                Arguments.of(ForgedTokens.ATTACKER_RSA, "RS256", JWKS_APP, JWKS_RSA_KID),
                Arguments.of(ForgedTokens.ATTACKER_RSA, "RS256", KEY_SOURCE_APP, KEY_SOURCE_KID),
                Arguments.of(ForgedTokens.ATTACKER_EC, "ES256", ES256_APP, null),
                Arguments.of(ForgedTokens.ATTACKER_EC, "ES256", JWKS_APP, null),
                Arguments.of(ForgedTokens.ATTACKER_EC, "ES256", JWKS_APP, JWKS_EC_KID));
    }

    @ParameterizedTest(name = "{2}: {1} with the self-signed {0} certificate in x5c, kid {3}")
    @MethodSource("embeddedCertificate")
    void tokenSignedWithTheKeyOfTheSelfSignedCertificateItCarriesIsRefused(
            String attackerName, String alg, String app, String kid) throws Exception {
        X509Certificate certificate = ForgedTokens.attackerCertificate(attackerName);
        String x5c = ForgedTokens.x5cEntry(certificate);
        String thumbprint = Jwks.b64(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        PrivateKey key = TestKeys.privateKey(attackerName);
        ForgedTokens.Signer signer =
                alg.equals("RS256") ? jca("SHA256withRSA", key) : jca("SHA256withECDSAinP1363Format", key);

        for (String members :
                List.of("\"x5c\":[\"" + x5c + "\"]", "\"x5c\":[\"" + x5c + "\"],\"x5t#S256\":\"" + thumbprint + "\"")) {
            String token = sign(header(alg, kid, members), validPayload(), signer);

            assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token, x5c);
        }
    }

    @Test
    void tokenSignedByTheAttackerCarryingTheGenuineKeysOwnCertificateIsRefused() throws Exception {
        String genuineCert = TestKeys.resourceText("/keys/" + TestKeys.RSA + "-cert.pem")
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        KeyPair attacker = ATTACKER_RSA_PAIR;

        String token = sign(
                header("RS256", null, "\"x5c\":[\"" + genuineCert + "\"]"),
                validPayload(),
                attackerSigner("RS256", attacker));

        assertRefused(bearer(RS256_APP, token), Refusal.INVALID_TOKEN, token);
    }

    // --- kid as an injection vector -------------------------------------------------------------

    /** {@code {canary}} is replaced by the canary's host and port. */
    static Stream<Arguments> injectedKids() {
        return Stream.of(
                Arguments.of("path traversal", "../../../../etc/passwd"),
                Arguments.of("encoded path traversal", "..%2f..%2f..%2f..%2fetc%2fpasswd"),
                Arguments.of("backslash traversal", "..\\..\\..\\windows\\win.ini"),
                Arguments.of("absolute path", "/dev/null"),
                Arguments.of("file URL", "file:///etc/passwd"),
                Arguments.of("SQL tautology", "' OR '1'='1"),
                Arguments.of("SQL statement", "x'; DROP TABLE keys;--"),
                Arguments.of("SQL UNION", "x' UNION SELECT 'AAAA' --"),
                Arguments.of("shell substitution", "$(id)"),
                Arguments.of("shell backticks", "`id`"),
                Arguments.of("shell pipe", "|id"),
                Arguments.of("shell sequence", "; id #"),
                Arguments.of("LDAP filter", "*)(uid=*))(|(uid=*"),
                Arguments.of("JNDI lookup at the canary", "${jndi:ldap://{canary}/x}"),
                Arguments.of("MessageFormat placeholder", "{0}{1}"),
                Arguments.of("printf format", "%s%s%n%x"),
                Arguments.of("markup", "<script>alert(1)</script>"),
                Arguments.of("CR/LF header injection", "a\r\nX-Injected: 1"),
                Arguments.of("LF log line injection", "a\nX-Injected: 1"),
                Arguments.of("NUL", "attack-keys-rsa-2b7e\u0000"),
                Arguments.of("right-to-left override", "\u202Eattack-keys-rsa-2b7e"),
                Arguments.of("empty string", ""),
                Arguments.of("5000 characters (under the length limit)", "k".repeat(5000)));
    }

    @ParameterizedTest(name = "kid: {0}")
    @MethodSource("injectedKids")
    void injectedKidReachesTheKeySourceVerbatimFindsNothingAndIsNeverLogged(String label, String kidTemplate)
            throws Exception {
        String kid = kidTemplate.replace("{canary}", canaryHostPort());
        int asked = target.keySource().questions().size();

        String token = sign(header("RS256", kid), validPayload(), genuineRsa());

        assertRefused(bearer(KEY_SOURCE_APP, token), Refusal.INVALID_TOKEN, token, distinctive(kid));
        assertEquals(List.of(kid + " RS256"), questionsSince(asked), "questions to the key source");
        assertNoInjectedLogLine();
        assertCanaryNeverReached();
    }

    @ParameterizedTest(name = "kid: {0}")
    @MethodSource("injectedKids")
    void injectedKidFindsNoJwksKeyAndIsNeverLogged(String label, String kidTemplate) throws Exception {
        String kid = kidTemplate.replace("{canary}", canaryHostPort());

        String token = sign(header("RS256", kid), validPayload(), genuineRsa());

        assertRefused(bearer(JWKS_APP, token), Refusal.INVALID_TOKEN, token, distinctive(kid));
        assertNoInjectedLogLine();
        assertCanaryNeverReached();
    }

    /**
     * The JWKS client refetches for an unknown kid at most once per cooldown (30 s): a burst of every
     * injected kid costs at most one such fetch, plus at most one background refresh that may fall
     * into the same window (every 8 minutes), and the known key keeps verifying right after.
     */
    @Test
    void burstOfInjectedKidsOnJwksCostsAtMostOneFetchAndTheKnownKeyStillVerifies() throws Exception {
        int fetches = target.jwksServer().fetches();
        List<String> kids = new ArrayList<>();
        injectedKids().forEach(a -> kids.add(((String) a.get()[1]).replace("{canary}", canaryHostPort())));
        for (int i = 0; i < 10; i++) {
            kids.add("attacker-kid-" + UUID.randomUUID());
        }
        for (String kid : kids) {
            String token = sign(header("RS256", kid), validPayload(), genuineRsa());

            assertRefused(bearer(JWKS_APP, token), Refusal.INVALID_TOKEN, token, distinctive(kid));
        }
        int caused = target.jwksServer().fetches() - fetches;
        assertTrue(caused <= 2, () -> kids.size() + " injected kids caused " + caused + " JWKS fetches");
        assertAccepted(bearer(JWKS_APP, sign(header("RS256", JWKS_RSA_KID), validPayload(), genuineRsa())), "alice");
        assertCanaryNeverReached();
    }

    @Test
    void kidAtTheTokenLengthLimitReachesTheKeySourceAndOneCharacterMoreIsRefusedUnasked() throws Exception {
        String payloadJson = validPayload();
        int limit = 8192; // maxTokenLength's default, which the applications keep
        String under = null;
        String over = null;
        int signatureLength = 1 + 342; // "." and 256 bytes of RSA-2048 signature in base64url
        for (int length = 5500; over == null; length++) {
            String headerJson = header("RS256", "k".repeat(length));
            if (TestTokens.signingInput(headerJson, payloadJson).length() + signatureLength <= limit) {
                under = headerJson;
            } else {
                over = headerJson;
            }
        }
        assertNotNull(under, "the search for the longest kid under the limit started too high");
        under = sign(under, payloadJson, genuineRsa());
        over = sign(over, payloadJson, genuineRsa());
        String tenKilobytes = sign(header("RS256", "k".repeat(10 * 1024)), payloadJson, genuineRsa());
        int underLength = under.length();
        int overLength = over.length();
        assertTrue(
                underLength <= limit && underLength > limit - 4 && overLength > limit && overLength <= limit + 4,
                () -> "tokens of " + underLength + " and " + overLength + " characters do not straddle " + limit);

        int asked = target.keySource().questions().size();
        assertRefused(bearer(KEY_SOURCE_APP, under), Refusal.INVALID_TOKEN, under);
        assertEquals(1, questionsSince(asked).size(), "questions for the token at the limit");

        asked = target.keySource().questions().size();
        assertRefused(bearer(KEY_SOURCE_APP, over), Refusal.INVALID_TOKEN, over);
        assertRefused(bearer(KEY_SOURCE_APP, tenKilobytes), Refusal.INVALID_TOKEN, tenKilobytes);
        assertRefused(bearer(JWKS_APP, over), Refusal.INVALID_TOKEN, over);
        assertRefused(bearer(JWKS_APP, tenKilobytes), Refusal.INVALID_TOKEN, tenKilobytes);
        assertEquals(List.of(), questionsSince(asked), "questions for tokens over the limit");
    }

    static Stream<Arguments> nonStringKids() {
        return Stream.of(
                Arguments.of("number", "123"),
                Arguments.of("fraction", "1.5"),
                Arguments.of("negative", "-1"),
                Arguments.of("boolean true", "true"),
                Arguments.of("boolean false", "false"),
                Arguments.of("null", "null"),
                Arguments.of("empty array", "[]"),
                Arguments.of("array holding the real kid", "[\"" + KEY_SOURCE_KID + "\"]"),
                Arguments.of("array holding the JWKS kid", "[\"" + JWKS_RSA_KID + "\"]"),
                Arguments.of("empty object", "{}"),
                Arguments.of("object holding the real kid", "{\"kid\":\"" + KEY_SOURCE_KID + "\"}"));
    }

    /**
     * java-jwt would pass {@code 123} on as the kid {@code "123"}: to prove the filter does not, the
     * key source holds the genuine key under each text a number or boolean would turn into, for this
     * test only.
     */
    @ParameterizedTest(name = "kid: {0} {1}")
    @MethodSource("nonStringKids")
    void nonStringKidIsRefusedBeforeAnyKeyLookupEvenWhenItsTextNamesARealKey(String label, String kidJson)
            throws Exception {
        List<String> texts = List.of("123", "1.5", "-1", "true", "false", "null", "");
        for (String text : texts) {
            target.keySource().put(text, TestKeys.RSA);
        }
        try {
            int asked = target.keySource().questions().size();
            for (String app : List.of(KEY_SOURCE_APP, JWKS_APP)) {
                String token = sign(
                        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" + kidJson + "}", validPayload(), genuineRsa());

                assertRefused(bearer(app, token), Refusal.INVALID_TOKEN, token);
            }
            assertEquals(List.of(), questionsSince(asked), "the key source was asked");
        } finally {
            texts.forEach(target.keySource()::remove);
        }
    }

    // --- positive controls ----------------------------------------------------------------------

    /**
     * java-jwt ignores {@code jwk}, {@code jku}, {@code x5u} and {@code x5c} (gap 7), and so does the
     * filter: a token signed with the application's own key is served whatever else its header
     * names, and nothing is fetched.
     */
    @Test
    void genuineTokenThatAlsoNamesAttackerKeysIsVerifiedWithTheApplicationsOwnKeyAndNothingIsFetched()
            throws Exception {
        KeyPair attacker = ATTACKER_RSA_PAIR;
        String attackerKeys = "\"jwk\":" + Jwks.json(ForgedTokens.jwk(attacker.getPublic(), null)) + ",\"jku\":\""
                + target.canary().uri("/jwks.json") + "\",\"x5u\":\""
                + target.canary().uri("/attacker.pem")
                + "\",\"x5c\":[\"" + ForgedTokens.x5cEntry(ForgedTokens.attackerCertificate(ForgedTokens.ATTACKER_RSA))
                + "\"]";
        for (String app : List.of(RS256_APP, JWKS_APP, KEY_SOURCE_APP)) {
            int asked = target.keySource().questions().size();

            assertAccepted(
                    bearer(
                            app,
                            sign(
                                    header("RS256", ForgedTokens.genuineRsaKid(app), attackerKeys),
                                    validPayload(),
                                    genuineRsa())),
                    "alice");
            if (app.equals(KEY_SOURCE_APP)) {
                assertEquals(List.of(KEY_SOURCE_KID + " RS256"), questionsSince(asked), "questions to the key source");
            }
        }
        assertCanaryNeverReached();
    }

    @Test
    void plainKidTokensForgedTheSameWayAreAccepted() throws Exception {
        assertAccepted(bearer(JWKS_APP, sign(header("RS256", JWKS_RSA_KID), validPayload(), genuineRsa())), "alice");
        assertAccepted(
                bearer(KEY_SOURCE_APP, sign(header("RS256", KEY_SOURCE_KID), validPayload(), genuineRsa())), "alice");
        // The attacker's tokens are real signatures: a key source that held the attacker's key (the
        // fresh pair, or the key of the x5c certificate) would accept them. Only trust is missing.
        KeyPair attacker = ATTACKER_RSA_PAIR;
        String kid = "attack-injection-control-" + UUID.randomUUID();
        String certKid = "attack-injection-control-cert-" + UUID.randomUUID();
        X509Certificate certificate = ForgedTokens.attackerCertificate(ForgedTokens.ATTACKER_RSA);
        target.keySource().put(kid, attacker.getPublic()).put(certKid, certificate.getPublicKey());
        try {
            assertAccepted(
                    bearer(
                            KEY_SOURCE_APP,
                            sign(header("RS256", kid), validPayload(), attackerSigner("RS256", attacker))),
                    "alice");
            assertAccepted(
                    bearer(
                            KEY_SOURCE_APP,
                            sign(
                                    header(
                                            "RS256",
                                            certKid,
                                            "\"x5c\":[\"" + ForgedTokens.x5cEntry(certificate) + "\"]"),
                                    validPayload(),
                                    jca("SHA256withRSA", TestKeys.privateKey(ForgedTokens.ATTACKER_RSA)))),
                    "alice");
        } finally {
            target.keySource().remove(kid);
            target.keySource().remove(certKid);
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private static ForgedTokens.Signer attackerSigner(String alg, KeyPair attacker) {
        return alg.equals("RS256")
                ? jca("SHA256withRSA", attacker.getPrivate())
                : jca("SHA256withECDSAinP1363Format", attacker.getPrivate());
    }

    private String canaryHostPort() {
        return "127.0.0.1:" + target.canary().uri("/").getPort();
    }

    /** What of a kid is distinctive enough to look for in responses and logs. */
    private static String[] distinctive(String kid) {
        return kid.length() >= 3 ? new String[] {kid} : new String[0];
    }

    private List<String> questionsSince(int before) {
        List<String> all = target.keySource().questions();
        return all.subList(before, all.size());
    }

    /** No record of the filter's logger starts a line the attacker wrote (log injection, O13). */
    private void assertNoInjectedLogLine() {
        String logged = filterLines.everything();
        assertAll(
                () -> assertFalse(logged.contains("X-Injected"), () -> "the filter logged injected text:\n" + logged),
                () -> assertFalse(logged.contains("\r"), () -> "the filter logged a CR:\n" + logged));
    }

    /**
     * Nothing connected to the canary: checked after a pause, so that a fetch started in the
     * background would have been counted too.
     */
    private void assertCanaryNeverReached() throws InterruptedException {
        Thread.sleep(50);
        assertEquals(canaryBefore, target.canary().connections(), "connections to the canary");
    }
}
