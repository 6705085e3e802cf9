package dev.jwtauthfilter.config;

import static dev.jwtauthfilter.config.DocumentedDefaults.assertDocumentedDefaults;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.testsupport.InMemoryKeySource;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import dev.jwtauthfilter.verify.RejectionReason;
import dev.jwtauthfilter.verify.TokenRejectedException;
import dev.jwtauthfilter.verify.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parses init-params as {@code web.xml} gives them, then builds, so every test sees what a user of
 * the filter sees at start-up. The environment and system properties are fakes.
 */
class InitParamParserTest {
    private static final String PREFIX = "Invalid JwtAuthFilter configuration: init-param ";
    private static final String ALLOWED_ALGORITHMS =
            "allowed are HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512 (case-sensitive)";
    private static final String RSA_PUBLIC = "classpath:/keys/test-only-rsa-2048-public.pem";
    private static final String ENV_SECRET = "env-secret-Kq3vTn8wXb5mYc2rLd7pZf4hJs9gAe6u"; // 44 bytes
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> sysprops = new HashMap<>();
    private final Map<String, Object> contextAttributes = new HashMap<>();
    private final InitParamParser parser = InitParamParser.with(
            env::get, sysprops::get, InitParamParserTest.class.getClassLoader(), contextAttributes::get);

    @TempDir
    Path tempDir;

    InitParamParserTest() {
        env.put("JWT_SECRET", ENV_SECRET);
    }

    // ---------------------------------------------------------------- helpers

    /** HS256 with the env secret, then the given name/value pairs (a null value removes the name). */
    private static Map<String, String> hs256(String... overrides) {
        return params("HS256", "secret", "env:JWT_SECRET", overrides);
    }

    /** RS256 with the 2048-bit test key from the class path, then the overrides. */
    private static Map<String, String> rs256(String... overrides) {
        return params("RS256", "publicKey", RSA_PUBLIC, overrides);
    }

    private static Map<String, String> params(String alg, String keyParam, String keyRef, String... overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("issuer", TestTokens.ISSUER);
        p.put("audience", TestTokens.AUDIENCE);
        p.put("algorithms", alg);
        p.put(keyParam, keyRef);
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                p.remove(overrides[i]);
            } else {
                p.put(overrides[i], overrides[i + 1]);
            }
        }
        return p;
    }

    private JwtAuthConfig build(Map<String, String> params) {
        return parser.parse(params).build();
    }

    /** Asserts the exact message and parameter, and that no secret from the fakes is in the message. */
    private ConfigException assertRefused(Map<String, String> params, String param, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> build(params));
        assertEquals(PREFIX + "'" + param + "' " + problem, e.getMessage());
        assertEquals(param, e.parameter());
        assertNoSecretIn(e.getMessage());
        return e;
    }

    private void assertNoSecretIn(String message) {
        List<String> secrets = new ArrayList<>(env.values());
        secrets.addAll(sysprops.values());
        secrets.add(new String(TestKeys.hmacSecret(), StandardCharsets.US_ASCII));
        secrets.removeIf(String::isEmpty);
        for (String secret : secrets) {
            assertFalse(message.contains(secret), () -> "message leaks a secret: " + message);
        }
    }

    /** An ASCII value of exactly n bytes, different from the other secrets here. */
    private static String secretOfLength(int n) {
        String pattern = "Zr8#qW2m!Lx5Tb9v";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) {
            sb.append(pattern);
        }
        return sb.substring(0, n);
    }

    private static String fileRef(String resource) {
        return "file:" + TestKeys.resourcePath(resource);
    }

    private static String pemText(String resource) {
        return TestKeys.resourceText(resource);
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(tempDir.resolve(name), content);
    }

    private JwtAuthConfig withFixedClock(Map<String, String> params) {
        return parser.parse(params).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    // ---------------------------------------------------------------- names and required values

    @ParameterizedTest
    @ValueSource(strings = {"leeway", "Issuer", "secretKey", "jwks_uri"})
    void parseWhenUnknownParameterThenRefusedNamingItAndListingAllowedNames(String name) {
        assertRefused(
                hs256(name, "x"),
                name,
                "is unknown; allowed names are issuer, audience, algorithms, secret, publicKey, jwksUri,"
                        + " jwksCacheTtlSeconds, jwksRefetchCooldownSeconds, jwksStaleSeconds, jwksConnectTimeoutMillis,"
                        + " jwksReadTimeoutMillis, jwksMaxBytes, jwksMaxKeys, keySource, tokenSources, cookieName,"
                        + " leewaySeconds, principalClaim, rolesClaim, excludePaths, realm, allowedOrigins, loginPage,"
                        + " maxTokenLength, tokenType, verifiedTokenCacheSize, revocationStore, auditListener and revocationStore.* (see the chosen"
                        + " store)");
    }

    @Test
    void parseWhenIssuerMissingThenRefused() {
        assertRefused(hs256("issuer", null), "issuer", "is required: give one or more values, comma-separated");
    }

    @Test
    void parseWhenAudienceMissingThenRefused() {
        assertRefused(hs256("audience", null), "audience", "is required: give one or more values, comma-separated");
    }

    @Test
    void parseWhenAlgorithmsMissingThenRefusedListingAllowedAlgorithms() {
        assertRefused(hs256("algorithms", null), "algorithms", "is required; " + ALLOWED_ALGORITHMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void parseWhenRequiredValueIsBlankThenTreatedAsMissing(String blank) {
        assertRefused(hs256("issuer", blank), "issuer", "is required: give one or more values, comma-separated");
    }

    @Test
    void parseWhenIssuerListHasEmptyEntryThenRefused() {
        assertRefused(
                hs256("issuer", "https://a.test,,https://b.test"),
                "issuer",
                "has an empty value; give one or more values, comma-separated");
    }

    @Test
    void parseSplitsCommaSeparatedValuesAndTrimsThem() {
        sysprops.put("jwt.secret", secretOfLength(48));

        JwtAuthConfig config = build(hs256(
                "issuer", " https://a.test , https://b.test ",
                "audience", "api-1,api-2",
                "algorithms", "HS256, HS384",
                "secret", "sysprop:jwt.secret"));

        assertEquals(List.of("https://a.test", "https://b.test"), config.issuers());
        assertEquals(List.of("api-1", "api-2"), config.audiences());
        assertEquals(Set.of(JwsAlgorithm.HS256, JwsAlgorithm.HS384), config.algorithms());
    }

    // ---------------------------------------------------------------- algorithms

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "rs256", "hs256", "PS256", "EdDSA"})
    void parseWhenAlgorithmUnsupportedThenRefusedCaseSensitively(String alg) {
        assertRefused(
                hs256("algorithms", "HS256," + alg),
                "algorithms",
                "has the unsupported value '" + alg + "'; " + ALLOWED_ALGORITHMS);
    }

    @Test
    void parseWhenHmacAndAsymmetricAlgorithmsMixedThenRefused() {
        assertRefused(
                hs256("algorithms", "HS256,RS256"),
                "algorithms",
                "mixes HMAC (HS*) and asymmetric (RS*, ES*) algorithms; allow one kind only, so that a public key"
                        + " can never be used as an HMAC secret");
    }

    // ---------------------------------------------------------------- secret

    @Test
    void parseWhenHs256WithoutSecretThenRefused() {
        assertRefused(hs256("secret", null), "secret", "is required for HS256: no key for that algorithm");
    }

    @Test
    void parseWhenSecretAndPublicKeyBothSetThenRefused() {
        assertRefused(hs256("publicKey", RSA_PUBLIC), "secret", "and publicKey are both set; set exactly one");
    }

    @Test
    void parseWhenSecretFileHolds20BytesThenRefusedForHs256() {
        assertRefused(
                hs256("secret", fileRef(TestKeys.HMAC_TOO_SHORT_FILE)),
                "secret",
                "is too short for HS256: it needs at least 32 bytes (RFC 7518 §3.2); generate one with e.g."
                        + " 'openssl rand -base64 32'");
    }

    @ParameterizedTest
    @CsvSource({"HS256, 31, 32", "HS384, 47, 48", "HS512, 63, 64"})
    void parseWhenSecretOneByteShorterThanHashThenRefused(String alg, int length, int needed) {
        sysprops.put("jwt.secret", secretOfLength(length));
        assertRefused(
                hs256("algorithms", alg, "secret", "sysprop:jwt.secret"),
                "secret",
                "is too short for " + alg + ": it needs at least " + needed + " bytes (RFC 7518 §3.2); generate one"
                        + " with e.g. 'openssl rand -base64 " + needed + "'");
    }

    @ParameterizedTest
    @CsvSource({"HS256, 32", "HS384, 48", "HS512, 64"})
    void parseWhenSecretExactlyAsLongAsHashThenAccepted(String alg, int length) {
        String secret = secretOfLength(length);
        sysprops.put("jwt.secret", secret);

        JwtAuthConfig config = build(hs256("algorithms", alg, "secret", "sysprop:jwt.secret"));

        assertArrayEquals(
                secret.getBytes(StandardCharsets.UTF_8), config.secret().orElseThrow());
    }

    @Test
    void parseWhenSeveralHmacAlgorithmsThenSecretMustFitTheLongestHash() {
        sysprops.put("jwt.secret", secretOfLength(48));
        assertRefused(
                hs256("algorithms", "HS256,HS512", "secret", "sysprop:jwt.secret"),
                "secret",
                "is too short for HS512: it needs at least 64 bytes (RFC 7518 §3.2); generate one with e.g."
                        + " 'openssl rand -base64 64'");
    }

    @Test
    void parseCountsSecretLengthInUtf8BytesNotCharacters() {
        String sixteenTwoByteChars = "é".repeat(16); // 32 UTF-8 bytes
        env.put("JWT_UTF8", sixteenTwoByteChars);

        JwtAuthConfig config = build(hs256("secret", "env:JWT_UTF8"));

        assertArrayEquals(
                sixteenTwoByteChars.getBytes(StandardCharsets.UTF_8),
                config.secret().orElseThrow());
    }

    @Test
    void parseReadsSecretFromEnvironmentVariable() {
        JwtAuthConfig config = build(hs256("secret", "env:JWT_SECRET"));

        assertArrayEquals(
                ENV_SECRET.getBytes(StandardCharsets.UTF_8), config.secret().orElseThrow());
    }

    @Test
    void parseReadsSecretFromSystemProperty() {
        String secret = secretOfLength(40);
        sysprops.put("app.jwt.secret", secret);

        JwtAuthConfig config = build(hs256("secret", "sysprop:app.jwt.secret"));

        assertArrayEquals(
                secret.getBytes(StandardCharsets.UTF_8), config.secret().orElseThrow());
    }

    @Test
    void parseReadsSecretFileWithoutItsTrailingNewline() {
        JwtAuthConfig config = withFixedClock(hs256("algorithms", "HS512", "secret", fileRef(TestKeys.HMAC_FILE)));

        assertArrayEquals(TestKeys.hmacSecret(), config.secret().orElseThrow());
        assertEquals(64, config.secret().orElseThrow().length);
    }

    @Test
    void parseSecretFromFileVerifiesTokenSignedWithThe64ByteFixture() throws Exception {
        JwtAuthConfig config = withFixedClock(hs256("secret", fileRef(TestKeys.HMAC_FILE)));
        String token = TestTokens.valid(NOW).sign(Algorithm.HMAC256(TestKeys.hmacSecret()));

        assertEquals("alice", new TokenVerifier(config).verify(token).getSubject());
    }

    @Test
    void parseSecretFromFileRejectsTokenSignedWithTheNewlineIncluded() {
        JwtAuthConfig config = withFixedClock(hs256("secret", fileRef(TestKeys.HMAC_FILE)));
        byte[] withNewline = TestKeys.resourceText(TestKeys.HMAC_FILE).getBytes(StandardCharsets.US_ASCII);
        String token = TestTokens.valid(NOW).sign(Algorithm.HMAC256(withNewline));

        TokenRejectedException e =
                assertThrows(TokenRejectedException.class, () -> new TokenVerifier(config).verify(token));
        assertEquals(RejectionReason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void parseTrimsTrailingCrLfFromSecretFile() throws Exception {
        byte[] secret = secretOfLength(64).getBytes(StandardCharsets.US_ASCII);
        byte[] content = (secretOfLength(64) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        Path file = write("secret-crlf.txt", content);

        JwtAuthConfig config = build(hs256("algorithms", "HS512", "secret", "file:" + file));

        assertArrayEquals(secret, config.secret().orElseThrow());
    }

    @Test
    void parseDoesNotCountTrailingNewlineTowardsSecretLength() throws Exception {
        Path file = write("secret-63.txt", (secretOfLength(63) + "\n").getBytes(StandardCharsets.US_ASCII));

        assertRefused(
                hs256("algorithms", "HS512", "secret", "file:" + file),
                "secret",
                "is too short for HS512: it needs at least 64 bytes (RFC 7518 §3.2); generate one with e.g."
                        + " 'openssl rand -base64 64'");
    }

    @Test
    void parseWhenSecretFileUnreadableThenRefusedNamingThePath() {
        assertRefused(
                hs256("secret", "file:/does/not/exist"),
                "secret",
                "refers to the file /does/not/exist, which cannot be read (NoSuchFileException)");
    }

    @Test
    void parseWhenSecretEnvironmentVariableNotSetThenRefused() {
        assertRefused(
                hs256("secret", "env:JWT_MISSING"),
                "secret",
                "refers to the environment variable JWT_MISSING, which is not set or empty");
    }

    @Test
    void parseWhenSecretEnvironmentVariableEmptyThenRefused() {
        env.put("JWT_EMPTY", "");
        assertRefused(
                hs256("secret", "env:JWT_EMPTY"),
                "secret",
                "refers to the environment variable JWT_EMPTY, which is not set or empty");
    }

    @Test
    void parseWhenSecretSystemPropertyNotSetThenRefused() {
        assertRefused(
                hs256("secret", "sysprop:jwt.missing"),
                "secret",
                "refers to the system property jwt.missing, which is not set or empty");
    }

    @Test
    void parseWhenSecretReferenceNamesNoVariableThenRefused() {
        assertRefused(hs256("secret", "env:"), "secret", "names no environment variable");
    }

    @Test
    void parseWhenSecretIsLiteralThenRefusedWithoutEchoingIt() {
        String literal = "my-literal-secret-that-is-long-enough-for-hs256-0123456789";

        ConfigException e = assertRefused(
                hs256("secret", literal),
                "secret",
                "must be a reference env:NAME, sysprop:NAME or file:/path; literal secrets are refused");

        assertFalse(e.getMessage().contains(literal));
        assertFalse(e.getMessage().contains("my-literal"));
    }

    // ---------------------------------------------------------------- publicKey

    @Test
    void parseWhenRs256WithoutPublicKeyThenRefused() {
        assertRefused(rs256("publicKey", null), "publicKey", "is required for RS256: no key for that algorithm");
    }

    @Test
    void parseReadsPublicKeyFromFile() {
        JwtAuthConfig config = build(rs256("publicKey", fileRef("/keys/test-only-rsa-2048-public.pem")));

        assertArrayEquals(
                TestKeys.publicKey(TestKeys.RSA).getEncoded(),
                config.publicKeys().get(0).getEncoded());
    }

    @Test
    void parseReadsPublicKeyFromClassPath() {
        JwtAuthConfig config = build(rs256("publicKey", "classpath:/keys/test-only-rsa-2048-public.pem"));

        assertArrayEquals(
                TestKeys.publicKey(TestKeys.RSA).getEncoded(),
                config.publicKeys().get(0).getEncoded());
    }

    @Test
    void parseReadsPublicKeyPemFromEnvironmentVariable() {
        env.put("ISSUER_PUBLIC_KEY", pemText("/keys/test-only-rsa-2048-public.pem"));

        JwtAuthConfig config = build(rs256("publicKey", "env:ISSUER_PUBLIC_KEY"));

        assertArrayEquals(
                TestKeys.publicKey(TestKeys.RSA).getEncoded(),
                config.publicKeys().get(0).getEncoded());
    }

    @Test
    void parseTakesPublicKeyFromX509Certificate() {
        JwtAuthConfig config = build(rs256("publicKey", fileRef("/keys/test-only-rsa-2048-cert.pem")));

        assertArrayEquals(
                TestKeys.publicKey(TestKeys.RSA).getEncoded(),
                config.publicKeys().get(0).getEncoded());
    }

    @Test
    void parseReadsEcPublicKeyForEs256() {
        JwtAuthConfig config =
                build(rs256("algorithms", "ES256", "publicKey", "classpath:/keys/test-only-ec-p256-public.pem"));

        assertArrayEquals(
                TestKeys.publicKey(TestKeys.EC_P256).getEncoded(),
                config.publicKeys().get(0).getEncoded());
    }

    @Test
    void parseAcceptsP384KeyForEs384() {
        JwtAuthConfig config =
                build(rs256("algorithms", "ES384", "publicKey", "classpath:/keys/test-only-ec-p384-public.pem"));

        assertEquals(Set.of(JwsAlgorithm.ES384), config.algorithms());
    }

    @Test
    void parseWhenRsaKeyUnder2048BitsThenRefused() {
        assertRefused(
                rs256("publicKey", "classpath:/keys/test-only-rsa-1024-public.pem"),
                "publicKey",
                "holds a 1024-bit RSA key; RS256 needs at least 2048 bits (RFC 7518 §3.3)");
    }

    @Test
    void parseWhenEs256GivenRsaKeyThenRefused() {
        assertRefused(
                rs256("algorithms", "ES256"),
                "publicKey",
                "holds no key for ES256: it needs an EC key on the P-256 curve, found an RSA key");
    }

    @Test
    void parseWhenEs256GivenP384KeyThenRefusedAsWrongCurve() {
        assertRefused(
                rs256("algorithms", "ES256", "publicKey", "classpath:/keys/test-only-ec-p384-public.pem"),
                "publicKey",
                "holds no key for ES256: it needs an EC key on the P-256 curve, found an EC key on a 384-bit curve");
    }

    @Test
    void parseWhenPublicKeyFileUnreadableThenRefused() {
        assertRefused(
                rs256("publicKey", "file:/does/not/exist"),
                "publicKey",
                "refers to the file /does/not/exist, which cannot be read (NoSuchFileException)");
    }

    @Test
    void parseWhenPublicKeyClassPathResourceMissingThenRefused() {
        assertRefused(
                rs256("publicKey", "classpath:/keys/missing.pem"),
                "publicKey",
                "refers to the class-path resource /keys/missing.pem, which does not exist");
    }

    @Test
    void parseWhenPublicKeyEnvironmentVariableNotSetThenRefused() {
        assertRefused(
                rs256("publicKey", "env:ISSUER_PUBLIC_KEY"),
                "publicKey",
                "refers to the environment variable ISSUER_PUBLIC_KEY, which is not set or empty");
    }

    @Test
    void parseWhenPublicKeyIsLiteralPemThenRefused() {
        assertRefused(
                rs256("publicKey", pemText("/keys/test-only-rsa-2048-public.pem")),
                "publicKey",
                "must be a reference file:/path, classpath:/path or env:NAME to a PEM key");
    }

    @Test
    void parseWhenPublicKeyFileHoldsPrivateKeyThenRefused() {
        assertRefused(
                rs256("publicKey", fileRef("/keys/test-only-rsa-2048-private.pem")),
                "publicKey",
                "holds a PEM block of type 'PRIVATE KEY'; expected BEGIN PUBLIC KEY (SPKI) or BEGIN CERTIFICATE"
                        + " (never give the filter a private key)");
    }

    @Test
    void parseWhenPublicKeyRefersToPrivateKeyThenMessageHoldsNoKeyMaterial() {
        String privatePem = pemText("/keys/test-only-rsa-2048-private.pem");
        env.put("ISSUER_PUBLIC_KEY", privatePem);

        ConfigException e =
                assertThrows(ConfigException.class, () -> build(rs256("publicKey", "env:ISSUER_PUBLIC_KEY")));

        for (String line : privatePem.split("\n")) {
            if (!line.startsWith("-----") && !line.isBlank()) {
                assertFalse(e.getMessage().contains(line.strip()), "message holds private key material");
            }
        }
    }

    @Test
    void parseWhenPublicKeyHoldsNoPemThenRefused() {
        env.put("ISSUER_PUBLIC_KEY", "not a key");
        assertRefused(
                rs256("publicKey", "env:ISSUER_PUBLIC_KEY"),
                "publicKey",
                "holds no PEM block; expected BEGIN PUBLIC KEY or BEGIN CERTIFICATE");
    }

    @Test
    void parseWhenPublicKeyIsNeitherRsaNorEcThenRefused() throws Exception {
        PublicKey ed25519 =
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        env.put(
                "ISSUER_PUBLIC_KEY",
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(ed25519.getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");

        assertRefused(
                rs256("publicKey", "env:ISSUER_PUBLIC_KEY"),
                "publicKey",
                "holds a public key that is neither RSA nor EC");
    }

    // ---------------------------------------------------------------- jwksUri

    private static final String JWKS_URI = "https://login.example.com/.well-known/jwks.json";

    /** RS256 with keys from {@link #JWKS_URI}, then the overrides. */
    private static Map<String, String> rs256Jwks(String... overrides) {
        return params("RS256", "jwksUri", JWKS_URI, overrides);
    }

    @Test
    void parseWhenJwksUriGivenThenConfigFetchesFromItWithDocumentedDefaults() {
        JwtAuthConfig config = build(rs256Jwks());

        JwksSettings jwks = config.jwks().orElseThrow();
        assertEquals(JWKS_URI, jwks.uri().toString());
        assertEquals(Duration.ofSeconds(600), jwks.cacheTtl());
        assertEquals(Duration.ofSeconds(30), jwks.refetchCooldown());
        assertEquals(Duration.ofHours(24), jwks.stale());
        assertEquals(Duration.ofMillis(2000), jwks.connectTimeout());
        assertEquals(Duration.ofMillis(3000), jwks.readTimeout());
        assertEquals(65536, jwks.maxBytes());
        assertEquals(50, jwks.maxKeys());
        assertTrue(config.publicKeys().isEmpty());
        assertTrue(config.keySource().isEmpty());
    }

    @Test
    void parseMapsEveryJwksTuningParameterToItsSetting() {
        JwksSettings jwks = build(rs256Jwks(
                        "jwksCacheTtlSeconds", "120",
                        "jwksRefetchCooldownSeconds", "5",
                        "jwksStaleSeconds", "0",
                        "jwksConnectTimeoutMillis", "500",
                        "jwksReadTimeoutMillis", "700",
                        "jwksMaxBytes", "4096",
                        "jwksMaxKeys", "3"))
                .jwks()
                .orElseThrow();

        assertEquals(Duration.ofSeconds(120), jwks.cacheTtl());
        assertEquals(Duration.ofSeconds(5), jwks.refetchCooldown());
        assertEquals(Duration.ZERO, jwks.stale());
        assertEquals(Duration.ofMillis(500), jwks.connectTimeout());
        assertEquals(Duration.ofMillis(700), jwks.readTimeout());
        assertEquals(4096, jwks.maxBytes());
        assertEquals(3, jwks.maxKeys());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "jwksCacheTtlSeconds, 59, 60 to 86400",
        "jwksCacheTtlSeconds, 86401, 60 to 86400",
        "jwksRefetchCooldownSeconds, 0, 1 to 3600",
        "jwksRefetchCooldownSeconds, 3601, 1 to 3600",
        "jwksStaleSeconds, -1, 0 to 604800",
        "jwksStaleSeconds, 604801, 0 to 604800",
        "jwksConnectTimeoutMillis, 99, 100 to 30000",
        "jwksConnectTimeoutMillis, 30001, 100 to 30000",
        "jwksReadTimeoutMillis, 99, 100 to 60000",
        "jwksReadTimeoutMillis, 60001, 100 to 60000",
        "jwksMaxBytes, 1023, 1024 to 1048576",
        "jwksMaxBytes, 1048577, 1024 to 1048576",
        "jwksMaxKeys, 0, 1 to 1000",
        "jwksMaxKeys, 1001, 1 to 1000"
    })
    void parseWhenJwksTuningValueOutOfRangeThenRefusedNamingItAndTheRange(String name, String value, String range) {
        assertRefused(rs256Jwks(name, value), name, "must be a whole number from " + range + ", was " + value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "jwksCacheTtlSeconds, 60 to 86400",
        "jwksRefetchCooldownSeconds, 1 to 3600",
        "jwksStaleSeconds, 0 to 604800",
        "jwksConnectTimeoutMillis, 100 to 30000",
        "jwksReadTimeoutMillis, 100 to 60000",
        "jwksMaxBytes, 1024 to 1048576",
        "jwksMaxKeys, 1 to 1000"
    })
    void parseWhenJwksTuningValueIsNotANumberThenRefusedNamingItAndTheRange(String name, String range) {
        assertRefused(rs256Jwks(name, "10s"), name, "must be a whole number from " + range + ", was '10s'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jwksCacheTtlSeconds",
                "jwksRefetchCooldownSeconds",
                "jwksStaleSeconds",
                "jwksConnectTimeoutMillis",
                "jwksReadTimeoutMillis",
                "jwksMaxBytes",
                "jwksMaxKeys"
            })
    void parseWhenJwksTuningParameterSetWithoutJwksUriThenRefusedNamingIt(String name) {
        assertRefused(rs256(name, "100"), name, "is set, but jwksUri is not; it tunes the JWKS client only");
    }

    @Test
    void parseWhenJwksUriIsPlainHttpToARemoteHostThenRefused() {
        assertRefused(
                rs256Jwks("jwksUri", "http://login.example.com/jwks.json"),
                "jwksUri",
                "must use https; plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost)");
    }

    @Test
    void parseWhenJwksUriIsPlainHttpToLoopbackThenAccepted() {
        JwtAuthConfig config = build(rs256Jwks("jwksUri", "http://127.0.0.1:8081/jwks.json"));

        assertEquals(
                "http://127.0.0.1:8081/jwks.json",
                config.jwks().orElseThrow().uri().toString());
    }

    @Test
    void parseWhenJwksUriAndPublicKeyBothSetThenRefused() {
        assertRefused(
                rs256("jwksUri", JWKS_URI),
                "jwksUri",
                "and publicKey are both set; set exactly one of secret, publicKey, keySource and jwksUri");
    }

    @Test
    void parseWhenJwksUriAndSecretBothSetThenRefused() {
        assertRefused(
                rs256Jwks("secret", "env:JWT_SECRET"),
                "jwksUri",
                "and secret are both set; set exactly one of secret, publicKey, keySource and jwksUri");
    }

    @Test
    void parseWhenJwksUriAndKeySourceBothSetThenRefused() {
        contextAttributes.put(KEYS_ATTRIBUTE, new InMemoryKeySource());

        assertRefused(
                rs256Jwks("keySource", KEYS_ATTRIBUTE),
                "jwksUri",
                "and keySource are both set; set exactly one of secret, publicKey, keySource and jwksUri");
    }

    @Test
    void parseWhenJwksUriWithHmacAlgorithmThenRefusedNamingAlgorithms() {
        assertRefused(
                rs256Jwks("algorithms", "HS256"),
                "algorithms",
                "has HS256, but jwksUri yields public keys only; allow RS* or ES* algorithms with jwksUri, or use"
                        + " secret for HS*");
    }

    // ---------------------------------------------------------------- keySource

    private static final String KEYS_ATTRIBUTE = "com.example.signingKeys";

    /** ES256 with keySource naming {@link #KEYS_ATTRIBUTE}, then the overrides. */
    private static Map<String, String> es256KeySource(String... overrides) {
        return params("ES256", "keySource", KEYS_ATTRIBUTE, overrides);
    }

    @Test
    void parseWhenKeySourceNamesAttributeHoldingAKeySourceThenConfigUsesThatInstance() {
        KeySource source = new InMemoryKeySource();
        contextAttributes.put(KEYS_ATTRIBUTE, source);

        JwtAuthConfig config = build(es256KeySource());

        assertSame(source, config.keySource().orElseThrow());
    }

    @Test
    void parseWhenKeySourceAttributeNotSetThenRefusedExplainingWhereToPublishIt() {
        assertRefused(
                es256KeySource(),
                "keySource",
                "names the ServletContext attribute 'com.example.signingKeys', which is not set; publish your"
                        + " KeySource there from a ServletContextListener (listeners start before filters)");
    }

    @Test
    void parseWhenKeySourceAttributeHoldsAnotherTypeThenRefusedNamingBothTypes() {
        contextAttributes.put(KEYS_ATTRIBUTE, "not a key source");

        assertRefused(
                es256KeySource(),
                "keySource",
                "names the ServletContext attribute 'com.example.signingKeys', which holds a java.lang.String, not a"
                        + " dev.jwtauthfilter.keys.KeySource");
    }

    @Test
    void parseWhenParserSeesNoContextAttributesThenKeySourceRefusedAsNotSet() {
        contextAttributes.put(KEYS_ATTRIBUTE, new InMemoryKeySource());
        InitParamParser withoutAttributes = InitParamParser.forEnvironment(InitParamParserTest.class.getClassLoader());

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> withoutAttributes.parse(es256KeySource()).build());

        assertEquals(
                PREFIX + "'keySource' names the ServletContext attribute 'com.example.signingKeys', which is not set;"
                        + " publish your KeySource there from a ServletContextListener (listeners start before"
                        + " filters)",
                e.getMessage());
    }

    @Test
    void parseWhenKeySourceAndPublicKeyBothSetThenRefused() {
        contextAttributes.put(KEYS_ATTRIBUTE, new InMemoryKeySource());

        assertRefused(
                es256KeySource("publicKey", "classpath:/keys/test-only-ec-p256-public.pem"),
                "keySource",
                "and publicKey are both set; set exactly one of secret, publicKey, keySource and" + " jwksUri");
    }

    @Test
    void parseWhenKeySourceAndSecretBothSetThenRefused() {
        contextAttributes.put(KEYS_ATTRIBUTE, new InMemoryKeySource());

        assertRefused(
                es256KeySource("algorithms", "RS256", "secret", "env:JWT_SECRET"),
                "keySource",
                "and secret are both set; set exactly one of secret, publicKey, keySource and" + " jwksUri");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384,HS256"})
    void parseWhenKeySourceWithHmacAlgorithmThenRefusedNamingAlgorithms(String algorithms) {
        contextAttributes.put(KEYS_ATTRIBUTE, new InMemoryKeySource());
        String listed = algorithms.contains(",") ? "HS256, HS384" : "HS256";

        assertRefused(
                es256KeySource("algorithms", algorithms),
                "algorithms",
                "has " + listed + ", but keySource yields public keys only; allow RS* or ES* algorithms with"
                        + " keySource, or use secret for HS*");
    }

    @Test
    void parseWhenKeySourceBlankThenTreatedAsAbsent() {
        JwtAuthConfig config = build(rs256("keySource", "  "));

        assertTrue(config.keySource().isEmpty());
    }

    // ---------------------------------------------------------------- leeway and maxTokenLength

    @ParameterizedTest
    @ValueSource(ints = {-1, 301, 3600})
    void parseWhenLeewayOutOfRangeThenRefused(int leeway) {
        assertRefused(
                hs256("leewaySeconds", Integer.toString(leeway)),
                "leewaySeconds",
                "must be a whole number from 0 to 300, was " + leeway);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "30s", "1.5", "99999999999"})
    void parseWhenLeewayNotAWholeNumberThenRefused(String value) {
        assertRefused(
                hs256("leewaySeconds", value),
                "leewaySeconds",
                "must be a whole number from 0 to 300, was '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 300})
    void parseAcceptsLeewayAtTheBoundaries(int leeway) {
        JwtAuthConfig config = build(hs256("leewaySeconds", Integer.toString(leeway)));

        assertEquals(Duration.ofSeconds(leeway), config.leeway());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 127, 65537})
    void parseWhenMaxTokenLengthOutOfRangeThenRefused(int length) {
        assertRefused(
                hs256("maxTokenLength", Integer.toString(length)),
                "maxTokenLength",
                "must be a whole number from 128 to 65536, was " + length);
    }

    @Test
    void parseWhenMaxTokenLengthNotAWholeNumberThenRefused() {
        assertRefused(
                hs256("maxTokenLength", "8k"), "maxTokenLength", "must be a whole number from 128 to 65536, was '8k'");
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 65536})
    void parseAcceptsMaxTokenLengthAtTheBoundaries(int length) {
        JwtAuthConfig config = build(hs256("maxTokenLength", Integer.toString(length)));

        assertEquals(length, config.maxTokenLength());
    }

    // ---------------------------------------------------------------- token sources and cookie

    @ParameterizedTest
    @ValueSource(strings = {"query", "cookie,param", "cookie,"})
    void parseWhenTokenSourceUnknownThenRefused(String value) {
        String bad = value.contains(",") ? value.substring(value.indexOf(',') + 1) : value;
        assertRefused(
                hs256("tokenSources", value),
                "tokenSources",
                "has the value '" + bad + "'; allowed are cookie and header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cookie,cookie", "header,cookie,header", "header,HEADER"})
    void parseWhenTokenSourceListedTwiceThenRefused(String value) {
        assertRefused(
                hs256("tokenSources", value), "tokenSources", "lists a source twice; allowed are cookie and header");
    }

    @Test
    void parseKeepsTokenSourcesInTheGivenOrder() {
        JwtAuthConfig config = build(hs256("tokenSources", "header, cookie"));

        assertEquals(List.of(TokenSource.HEADER, TokenSource.COOKIE), config.tokenSources());
    }

    @Test
    void parseAcceptsASingleTokenSource() {
        JwtAuthConfig config = build(hs256("tokenSources", "header"));

        assertEquals(List.of(TokenSource.HEADER), config.tokenSources());
    }

    @ParameterizedTest
    @ValueSource(strings = {"access token", "a;b", "tok=en", "jwt\"x", "(jwt)", "tök"})
    void parseWhenCookieNameHasForbiddenCharactersThenRefused(String name) {
        assertRefused(
                hs256("cookieName", name),
                "cookieName",
                "must be a cookie name (RFC 6265 token characters, not empty)");
    }

    @Test
    void parseAcceptsCookieNameWithHostPrefix() {
        JwtAuthConfig config = build(hs256("cookieName", "__Host-jwt"));

        assertEquals("__Host-jwt", config.cookieName());
    }

    // ---------------------------------------------------------------- realm, origins, paths, login page

    @ParameterizedTest
    @ValueSource(strings = {"my \"realm\"", "back\\slash", "ümlaut", "line\u0007bell"})
    void parseWhenRealmNeedsEscapingThenRefused(String realm) {
        assertRefused(
                hs256("realm", realm),
                "realm",
                "must be printable ASCII without '\"' or '\\' (RFC 6750 §3), not empty");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://app.example.com/path",
                "https://app.example.com/",
                "*",
                "ftp://files.example.com",
                "app.example.com",
                "https://user@app.example.com",
                "https://app.example.com?x=1"
            })
    void parseWhenAllowedOriginIsNotABareHttpOriginThenRefused(String origin) {
        assertRefused(
                hs256("allowedOrigins", "https://ok.example.com," + origin),
                "allowedOrigins",
                "has the value '" + origin + "'; each must be an exact origin scheme://host[:port] with scheme http"
                        + " or https and no path, e.g. https://app.example.com");
    }

    @Test
    void parseNormalisesAllowedOrigins() {
        JwtAuthConfig config = build(hs256("allowedOrigins", "HTTPS://App.Example.com:443, http://localhost:8080"));

        assertEquals(Set.of("https://app.example.com", "http://localhost:8080"), config.allowedOrigins());
    }

    @ParameterizedTest
    @ValueSource(strings = {"public", "/public/*/x", "/pub*", "*.", "*.c/ss", "**.css", "/login,"})
    void parseWhenExcludePathPatternInvalidThenRefused(String value) {
        String bad = value.equals("/login,") ? "" : value;
        assertRefused(
                hs256("excludePaths", value),
                "excludePaths",
                "has the pattern '" + bad + "'; allowed are exact paths like /login, prefixes like /public/* and"
                        + " extensions like *.css");
    }

    @Test
    void parseReadsExcludePathsAsList() {
        JwtAuthConfig config = build(hs256("excludePaths", "/login, /public/*, *.css"));

        assertEquals(
                List.of("/login", "/public/*", "*.css"), config.excludePaths().patterns());
    }

    @Test
    void parseWhenLoginPageNotCoveredByExcludePathsThenRefused() {
        assertRefused(
                hs256("loginPage", "/login", "excludePaths", "/public/*"),
                "loginPage",
                "'/login' is not covered by excludePaths; add it there, or browsers are redirected to a page they"
                        + " cannot open");
    }

    @Test
    void parseAcceptsLoginPageCoveredByExcludePaths() {
        JwtAuthConfig config = build(hs256("loginPage", "/auth/login", "excludePaths", "/auth/*"));

        assertEquals("/auth/login", config.loginPage().orElseThrow());
    }

    // ---------------------------------------------------------------- defaults and blanks

    @Test
    void parseAppliesDocumentedDefaults() {
        JwtAuthConfig config = build(hs256());

        assertDocumentedDefaults(config);
        assertTrue(config.allowedOrigins().isEmpty());
        assertTrue(config.excludePaths().patterns().isEmpty());
    }

    @Test
    void parseTreatsBlankOptionalValuesAsAbsent() {
        JwtAuthConfig config = build(hs256(
                "tokenSources", " ",
                "cookieName", "",
                "leewaySeconds", "  ",
                "principalClaim", "",
                "rolesClaim", "\t",
                "excludePaths", "",
                "realm", " ",
                "allowedOrigins", "",
                "loginPage", " ",
                "maxTokenLength", "",
                "publicKey", " ",
                "jwksUri", ""));

        assertDocumentedDefaults(config);
        assertTrue(config.publicKeys().isEmpty());
    }

    @Test
    void parseMapsEveryParameterToItsSetting() {
        JwtAuthConfig config = build(rs256(
                "tokenSources", "header",
                "cookieName", "jwt",
                "leewaySeconds", "5",
                "principalClaim", "preferred_username",
                "rolesClaim", "realm_access.roles",
                "excludePaths", "/login,/static/*",
                "realm", "orders",
                "allowedOrigins", "https://app.example.com",
                "loginPage", "/login",
                "maxTokenLength", "4096"));

        assertEquals(List.of(TestTokens.ISSUER), config.issuers());
        assertEquals(List.of(TestTokens.AUDIENCE), config.audiences());
        assertEquals(Set.of(JwsAlgorithm.RS256), config.algorithms());
        assertEquals(List.of(TokenSource.HEADER), config.tokenSources());
        assertEquals("jwt", config.cookieName());
        assertEquals(Duration.ofSeconds(5), config.leeway());
        assertEquals("preferred_username", config.principalClaim());
        assertEquals("realm_access.roles", config.rolesClaim());
        assertEquals(List.of("/login", "/static/*"), config.excludePaths().patterns());
        assertEquals("orders", config.realm().orElseThrow());
        assertEquals(Set.of("https://app.example.com"), config.allowedOrigins());
        assertEquals("/login", config.loginPage().orElseThrow());
        assertEquals(4096, config.maxTokenLength());
        assertTrue(config.secret().isEmpty());
    }
}
