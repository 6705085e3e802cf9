package dev.jwtauthfilter.attack;

import static dev.jwtauthfilter.attack.AttackTarget.ES256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.HS256_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_APP;
import static dev.jwtauthfilter.attack.AttackTarget.JWKS_EC_KID;
import static dev.jwtauthfilter.attack.AttackTarget.RS256_APP;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.io.IOException;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Revocation bypass (O4, O12, R23, R24, R26, java-jwt gap 6): a token is accepted once, so that it
 * sits in the verified-token cache, then revoked in the application's store, by its {@code (iss,
 * jti)} or by a cutoff for its subject; after that no string that stands for it may pass. The
 * strings tried are the ones a deny-list keyed on the token text would miss: {@code =} padding on
 * each segment, the other last characters that decode to the same bytes, the standard base64
 * alphabet, whitespace in and around it, the other transport (cookie for header and back, a quoted
 * cookie), and for ECDSA the second valid signature {@code (r, n - s)} of the same claims.
 *
 * <p>Two layers answer. Every base64 re-encoding is refused by the format check (reason {@code
 * malformed}) before the store is asked, and is refused so for a live token too; the strings that
 * pass the format are the exact token (after the container and the resolver strip what surrounds
 * it) and the {@code (r, n - s)} signature, which is a different, validly signed string that
 * java-jwt and the JDK accept (the JDK does not require low {@code s}): these reach the store and
 * are refused as {@code revoked}, because the store is keyed on the claims, never the text. Each
 * test checks the reason the filter logged, so a refusal by the wrong layer fails it.
 */
class RevocationBypassAttacksIT extends AttackSuite {
    /** The order n of the P-256 group. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static final String MALFORMED = "malformed";
    private static final String REVOKED = "revoked";

    /** The reason code of the last refusal the filter logged during {@link #request}, or null. */
    private String lastReason;

    /** How the token is revoked after its first acceptance. */
    enum Revocation {
        /** {@code store.revoke(iss, jti, exp)}: logout of this token. */
        JTI,
        /** {@code store.revokeIssuedBefore(iss, sub, now + 1 s)}: logout everywhere. */
        SUBJECT_CUTOFF;

        void apply(InMemoryRevocationStore store, String token) {
            DecodedJWT jwt = JWT.decode(token);
            if (this == JTI) {
                store.revoke(TestTokens.ISSUER, jwt.getId(), jwt.getExpiresAtAsInstant());
            } else {
                store.revokeIssuedBefore(
                        TestTokens.ISSUER, jwt.getSubject(), Instant.now().plusSeconds(1));
            }
        }
    }

    /** Where the token travels. */
    enum Transport {
        HEADER,
        COOKIE,
        /** {@code access_token="<token>"}: RFC 6265 allows the quotes, both containers strip them. */
        QUOTED_COOKIE;

        String headerLine(String token) {
            switch (this) {
                case HEADER:
                    return "Authorization: Bearer " + token;
                case COOKIE:
                    return "Cookie: access_token=" + token;
                default:
                    return "Cookie: access_token=\"" + token + "\"";
            }
        }
    }

    /**
     * A string that decodes, with the JDK's lenient decoder, to the same three byte sequences as the
     * token. {@code javaJwtVerifiesIt}: java-jwt alone verifies it (only re-encodings of the
     * signature keep the signing input, the first two segments as sent, intact).
     */
    enum ReEncoding {
        PADDED_HEADER(false, t -> segment(t, 0, RevocationBypassAttacksIT::padded)),
        PADDED_PAYLOAD(false, t -> segment(t, 1, RevocationBypassAttacksIT::padded)),
        PADDED_SIGNATURE(true, t -> segment(t, 2, RevocationBypassAttacksIT::padded)),
        SIGNATURE_LAST_CHARACTER_UNUSED_BITS_01(true, t -> segment(t, 2, s -> withUnusedBits(s, 1))),
        SIGNATURE_LAST_CHARACTER_UNUSED_BITS_10(true, t -> segment(t, 2, s -> withUnusedBits(s, 2))),
        SIGNATURE_LAST_CHARACTER_UNUSED_BITS_11(true, t -> segment(t, 2, s -> withUnusedBits(s, 3))),
        HEADER_LAST_CHARACTER_NON_CANONICAL(false, t -> segment(t, 0, s -> withUnusedBits(s, 1))),
        PAYLOAD_LAST_CHARACTER_NON_CANONICAL(false, t -> segment(t, 1, s -> withUnusedBits(s, 1))),
        STANDARD_ALPHABET(false, t -> t.replace('-', '+').replace('_', '/')),
        STANDARD_ALPHABET_PADDED(
                false,
                t -> Stream.of(t.split("\\.", -1))
                        .map(s -> padded(s).replace('-', '+').replace('_', '/'))
                        .reduce((a, b) -> a + "." + b)
                        .orElseThrow());

        final boolean javaJwtVerifiesIt;
        private final UnaryOperator<String> recode;

        ReEncoding(boolean javaJwtVerifiesIt, UnaryOperator<String> recode) {
            this.javaJwtVerifiesIt = javaJwtVerifiesIt;
            this.recode = recode;
        }

        String apply(String token) {
            return recode.apply(token);
        }
    }

    // --- the exact token ------------------------------------------------------------------------

    static Stream<Arguments> appsAndRevocations() {
        return Stream.of(RS256_APP, ES256_APP, HS256_APP)
                .flatMap(app -> Stream.of(Revocation.values()).map(r -> Arguments.of(app, r)));
    }

    @ParameterizedTest(name = "{0}, revoked by {1}")
    @MethodSource("appsAndRevocations")
    void revokedTokenSentAgainVerbatimIsRefusedThoughItIsInTheVerifiedTokenCache(String app, Revocation revocation)
            throws Exception {
        String token = acceptedThenRevoked(app, Transport.HEADER, revocation);

        assertRefusedFor(send(app, Transport.HEADER, token), REVOKED, token);
    }

    // --- base64 re-encodings --------------------------------------------------------------------

    static Stream<Arguments> reEncodings() {
        return Stream.of(RS256_APP, ES256_APP, HS256_APP)
                .flatMap(app -> Stream.of(ReEncoding.values()).map(r -> Arguments.of(app, r)));
    }

    static Stream<Arguments> reEncodingsAndRevocations() {
        return reEncodings()
                .flatMap(a -> Stream.of(Revocation.values()).map(r -> Arguments.of(a.get()[0], a.get()[1], r)));
    }

    @ParameterizedTest(name = "{0} {1}, revoked by {2}")
    @MethodSource("reEncodingsAndRevocations")
    void revokedTokenReEncodedIsRefused(String app, ReEncoding reEncoding, Revocation revocation) throws Exception {
        String token = acceptedThenRevoked(app, Transport.HEADER, revocation);
        String variant = reEncoding.apply(token);
        assertSameTokenToALenientDecoder(app, token, variant, reEncoding.javaJwtVerifiesIt);

        assertRefusedFor(send(app, Transport.HEADER, variant), MALFORMED, variant, token);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("reEncodings")
    void liveTokenReEncodedIsRefusedTooBecauseTheFormatCheckNotTheStoreStopsIt(String app, ReEncoding reEncoding)
            throws Exception {
        String token = tokenFor(app, "live-" + UUID.randomUUID());
        assertAccepted(send(app, Transport.HEADER, token), JWT.decode(token).getSubject());
        String variant = reEncoding.apply(token);
        assertSameTokenToALenientDecoder(app, token, variant, reEncoding.javaJwtVerifiesIt);

        assertRefusedFor(send(app, Transport.HEADER, variant), MALFORMED, variant, token);
    }

    // --- ECDSA (r, n - s) -----------------------------------------------------------------------

    static Stream<Arguments> ecdsaAppsRevocationsAndTransports() {
        return Stream.of(ES256_APP, JWKS_APP)
                .flatMap(app -> Stream.of(Revocation.values())
                        .flatMap(r ->
                                Stream.of(Transport.HEADER, Transport.COOKIE).map(t -> Arguments.of(app, r, t))));
    }

    /**
     * The important case: {@code (r, n - s)} is a second valid signature of the same claims, a
     * distinct string that passes the format check and the signature check. Only a store keyed on
     * {@code (iss, jti)} or on the subject's cutoff, never on the token text or its hash, refuses it.
     */
    @ParameterizedTest(name = "{0}, revoked by {1}, sent by {2}")
    @MethodSource("ecdsaAppsRevocationsAndTransports")
    void revokedEcdsaTokenWithTheOtherValidSignatureNMinusSIsRefusedAsRevoked(
            String app, Revocation revocation, Transport transport) throws Exception {
        String token = acceptedThenRevoked(app, Transport.HEADER, revocation);
        String twin = withNegatedS(token);
        assertNotEquals(token, twin);
        assertTrue(javaJwtVerifies(app, twin), "java-jwt alone must accept (r, n - s) for this case to mean anything");

        assertRefusedFor(send(app, transport, twin), REVOKED, twin, token);
    }

    /**
     * The control for the case above: for a token that is not revoked, {@code (r, n - s)} is
     * accepted, as the original is. The filter, like java-jwt, the JDK and RFC 7518 §3.4, does not
     * require a low {@code s}: ECDSA signatures are malleable by design, and {@code (r, n - s)} can
     * only be made from a signature the key holder produced over these very claims, so it grants
     * nothing the original does not. That is why revocation must not be keyed on the token text.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ecdsaApps")
    void liveEcdsaTokenWithTheOtherValidSignatureNMinusSIsAcceptedLikeTheOriginal(String app) throws Exception {
        String subject = "live-" + UUID.randomUUID();
        String token = tokenFor(app, subject);
        String twin = withNegatedS(token);

        assertAll(
                () -> assertAccepted(send(app, Transport.HEADER, token), subject),
                () -> assertAccepted(send(app, Transport.HEADER, twin), subject));
    }

    static Stream<String> ecdsaApps() {
        return Stream.of(ES256_APP, JWKS_APP);
    }

    // --- the other transport --------------------------------------------------------------------

    static Stream<Arguments> transportSwaps() {
        return Stream.of(RS256_APP, ES256_APP, HS256_APP)
                .flatMap(app -> Stream.of(
                        Arguments.of(app, Transport.HEADER, Transport.COOKIE),
                        Arguments.of(app, Transport.HEADER, Transport.QUOTED_COOKIE),
                        Arguments.of(app, Transport.COOKIE, Transport.HEADER),
                        Arguments.of(app, Transport.COOKIE, Transport.QUOTED_COOKIE)));
    }

    @ParameterizedTest(name = "{0}: accepted by {1}, revoked by jti, sent by {2}")
    @MethodSource("transportSwaps")
    void revokedTokenSentByTheOtherTransportIsRefused(String app, Transport acceptedBy, Transport sentBy)
            throws Exception {
        String token = acceptedThenRevoked(app, acceptedBy, Revocation.JTI);

        assertRefusedFor(send(app, sentBy, token), REVOKED, token);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Revocation.class)
    void revokedTokenSentByBothTransportsAtOnceIsAnInvalidRequestBeforeItIsLookedAt(Revocation revocation)
            throws Exception {
        // RFC 6750 §2: one method per request; the resolver refuses the pair before any verification.
        String token = acceptedThenRevoked(RS256_APP, Transport.HEADER, revocation);

        Exchange e = request(RS256_APP, Transport.HEADER.headerLine(token), Transport.COOKIE.headerLine(token));

        assertRefused(e, Refusal.INVALID_REQUEST, token);
    }

    // --- whitespace -----------------------------------------------------------------------------

    @Test
    void whitespaceAroundARevokedTokenIsStrippedByTheContainerOrResolverAndTheTokenStaysRevoked() throws Exception {
        String token = acceptedThenRevoked(RS256_APP, Transport.HEADER, Revocation.JTI);
        List<String> lines = List.of(
                "Authorization: Bearer " + token + "   ",
                "Authorization: Bearer " + token + "\t",
                "Authorization:\t Bearer  \t" + token,
                "Cookie: access_token= " + token + " ");
        for (String line : lines) {
            assertRefusedFor(request(RS256_APP, line), REVOKED, token);
        }
    }

    @Test
    void whitespaceInsideARevokedBearerTokenMakesItMalformed() throws Exception {
        String token = acceptedThenRevoked(RS256_APP, Transport.HEADER, Revocation.JTI);
        int cut = token.lastIndexOf('.') + 20;
        for (String gap : List.of(" ", "\t", "  ")) {
            String variant = token.substring(0, cut) + gap + token.substring(cut);

            assertRefusedFor(request(RS256_APP, "Authorization: Bearer " + variant), MALFORMED, token);
        }
    }

    @Test
    void spaceInsideARevokedCookieTokenIsRefused() throws Exception {
        String token = acceptedThenRevoked(RS256_APP, Transport.COOKIE, Revocation.JTI);
        int cut = token.lastIndexOf('.') + 20;

        Exchange e = request(RS256_APP, "Cookie: access_token=" + token.substring(0, cut) + " " + token.substring(cut));

        if (container == AttackTarget.Container.JETTY) {
            // Jetty keeps the whole value, space included: the format check refuses it.
            assertRefusedFor(e, MALFORMED, token);
        } else {
            // Tomcat's RFC 6265 parser drops a cookie whose value has a space: no token at all.
            assertRefused(e, Refusal.NO_TOKEN, token);
        }
    }

    @Test
    void lineBreakInsideARevokedBearerTokenIsRefused() throws Exception {
        String token = acceptedThenRevoked(RS256_APP, Transport.HEADER, Revocation.JTI);
        int cut = token.lastIndexOf('.') + 20;

        // obs-fold (RFC 9112 §5.2): Jetty refuses it with 400; Tomcat joins the lines with a space.
        Exchange folded =
                request(RS256_APP, "Authorization: Bearer " + token.substring(0, cut), " " + token.substring(cut));
        if (container == AttackTarget.Container.JETTY) {
            assertRefusedByTheContainer(folded, 400, token);
        } else {
            assertRefusedFor(folded, MALFORMED, token);
        }
        // A bare LF inside a header value: both containers refuse the request with 400.
        Exchange bareLf =
                request(RS256_APP, "Authorization: Bearer " + token.substring(0, cut) + "\n" + token.substring(cut));
        assertRefusedByTheContainer(bareLf, 400, token);
    }

    // --- helpers --------------------------------------------------------------------------------

    /** Mints a token, has it accepted once (so it is cached), then revokes it. */
    private String acceptedThenRevoked(String app, Transport acceptedBy, Revocation revocation) throws IOException {
        String subject = "revoked-" + UUID.randomUUID(); // a cutoff for it touches no other test's tokens
        String token = tokenFor(app, subject);
        assertAccepted(send(app, acceptedBy, token), subject);
        revocation.apply(target.store(app), token);
        return token;
    }

    private Exchange send(String app, Transport transport, String token) throws IOException {
        return request(app, transport.headerLine(token));
    }

    /** The strict refusal, and the reason the filter logged for it (which layer refused). */
    private void assertRefusedFor(Exchange e, String reason, String token, String... alsoSecret) {
        assertAll(
                () -> assertRefused(e, Refusal.INVALID_TOKEN, token, alsoSecret),
                () -> assertEquals(reason, lastReason, "the reason the filter logged"));
    }

    /** Refused by the container before the filter: the status, no challenge, no servlet, nothing shown. */
    private void assertRefusedByTheContainer(Exchange e, int status, String token) {
        String visible = e.body() + "\n" + e.headers();
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(status, e.status(), "status"));
        checks.add(() -> assertFalse(e.servletRan(), "the application's servlet ran"));
        checks.add(() -> assertNull(e.header("WWW-Authenticate"), "the filter answered"));
        checks.add(this::assertNothingLoggedAtError);
        checks.add(() ->
                assertNull(TokenFragments.firstShown(visible, token), "the response shows this piece of the token"));
        assertAll(checks);
    }

    /** GET {@code /api/orders} of the application, byte for byte, noting the reason the filter logged. */
    private Exchange request(String app, String... headerLines) throws IOException {
        try (LogCapture reasons = LogCapture.start()) {
            Exchange e = raw(app, "GET", app + "/api/orders", List.of(headerLines), null);
            lastReason = null;
            for (String line : reasons.messages(Level.FINE)) {
                if (line.startsWith("Failed to authenticate: ")) {
                    String rest = line.substring("Failed to authenticate: ".length());
                    lastReason = rest.split(" ", 2)[0];
                }
            }
            return e;
        }
    }

    /**
     * A fresh token for the application whose header and payload segments have unused bits in their
     * last character (so padding and non-canonical forms exist) and that holds a {@code -} or {@code
     * _} (so the standard alphabet changes it). Lengths are tuned with the {@code kid} (ignored by
     * applications with a fixed key) and a filler claim.
     */
    static String tokenFor(String app, String subject) {
        if (app.equals(JWKS_APP)) {
            return claims().withSubject(subject).withKeyId(JWKS_EC_KID).sign(TestTokens.es256());
        }
        for (int attempt = 0; attempt < 90; attempt++) {
            String token = claims().withSubject(subject)
                    .withKeyId("k" + "x".repeat(attempt % 3))
                    .withClaim("fill", "x".repeat(attempt / 3 % 3))
                    .sign(algorithm(app));
            String[] s = token.split("\\.");
            if (s[0].length() % 4 != 0
                    && s[1].length() % 4 != 0
                    && (token.indexOf('-') >= 0 || token.indexOf('_') >= 0)) {
                return token;
            }
        }
        throw new IllegalStateException("no token with re-encodable segments in 90 attempts");
    }

    private static Algorithm algorithm(String app) {
        switch (app) {
            case RS256_APP:
                return TestTokens.rs256();
            case HS256_APP:
                return TestTokens.hs256();
            default:
                return TestTokens.es256();
        }
    }

    private static boolean javaJwtVerifies(String app, String token) {
        Algorithm verifying;
        switch (app) {
            case RS256_APP:
                verifying = Algorithm.RSA256((RSAPublicKey) TestKeys.publicKey(TestKeys.RSA), null);
                break;
            case HS256_APP:
                verifying = TestTokens.hs256();
                break;
            default:
                verifying = Algorithm.ECDSA256((ECPublicKey) TestKeys.publicKey(TestKeys.EC_P256), null);
        }
        try {
            JWT.require(verifying).build().verify(token);
            return true;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** The variant is another string for the same bytes, and java-jwt alone verifies it or not as stated. */
    private static void assertSameTokenToALenientDecoder(
            String app, String token, String variant, boolean javaJwtVerifiesIt) {
        String[] original = token.split("\\.", -1);
        String[] recoded = variant.split("\\.", -1);
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        checks.add(() -> assertNotEquals(token, variant, "the re-encoding changed nothing"));
        checks.add(() -> assertEquals(3, recoded.length));
        for (int i = 0; i < 3; i++) {
            int segment = i;
            checks.add(() -> assertArrayEquals(
                    lenientDecode(original[segment]), lenientDecode(recoded[segment]), "segment " + segment));
        }
        checks.add(() -> assertEquals(javaJwtVerifiesIt, javaJwtVerifies(app, variant), "java-jwt alone verifies it"));
        assertAll(checks);
    }

    private static byte[] lenientDecode(String segment) {
        return Base64.getDecoder().decode(segment.replace('-', '+').replace('_', '/'));
    }

    private static String segment(String token, int index, UnaryOperator<String> change) {
        String[] s = token.split("\\.", -1);
        s[index] = change.apply(s[index]);
        return String.join(".", s);
    }

    private static String padded(String segment) {
        return segment + "=".repeat((4 - segment.length() % 4) % 4);
    }

    private static final String URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** Sets unused low bits of the last character, which decoders ignore. */
    private static String withUnusedBits(String segment, int bits) {
        int unused = segment.length() % 4 == 2 ? 0x0F : segment.length() % 4 == 3 ? 0x03 : 0;
        if ((bits & ~unused) != 0) {
            throw new IllegalArgumentException("a segment of " + segment.length() + " characters has no such bits");
        }
        char last = segment.charAt(segment.length() - 1);
        int sextet = URL_ALPHABET.indexOf(last);
        return segment.substring(0, segment.length() - 1) + URL_ALPHABET.charAt(sextet | bits);
    }

    /** The same ES256 token with the signature {@code (r, n - s)}. */
    static String withNegatedS(String token) {
        int dot = token.lastIndexOf('.');
        byte[] jose = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        if (jose.length != 64) {
            throw new IllegalArgumentException("not a P-256 JOSE signature");
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(jose, 32, 64));
        byte[] negated = P256_ORDER.subtract(s).toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(negated.length, 32);
        System.arraycopy(negated, negated.length - copy, fixed, 32 - copy, copy);
        byte[] twin = Arrays.copyOf(jose, 64);
        System.arraycopy(fixed, 0, twin, 32, 32);
        return token.substring(0, dot + 1) + TestTokens.b64(twin);
    }
}
