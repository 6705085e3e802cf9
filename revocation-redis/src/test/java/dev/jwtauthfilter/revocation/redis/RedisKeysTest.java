package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisKeysTest {
    private static final String ISSUER = "https://issuer.test";
    private final RedisKeys keys = new RedisKeys("jwtauth:");

    @Test
    void tokenKeyIsThePrefixJtiTheBase64UrlIssuerAndTheJtiAsItIs() {
        String b64Issuer =
                Base64.getUrlEncoder().withoutPadding().encodeToString(ISSUER.getBytes(StandardCharsets.UTF_8));

        assertEquals("jwtauth:jti:" + b64Issuer + ":id-1", ascii(keys.tokenKey(ISSUER, "id-1")));
    }

    @Test
    void subjectKeyIsThePrefixSubTheBase64UrlIssuerAndTheSubject() {
        assertEquals("jwtauth:sub:aHR0cHM6Ly9pc3N1ZXIudGVzdA:alice", ascii(keys.subjectKey(ISSUER, "alice")));
    }

    @Test
    void channelIsThePrefixAndChanges() {
        assertEquals("jwtauth:changes", keys.channel());
    }

    @Test
    void aColonMovedBetweenIssuerAndIdGivesAnotherKey() {
        assertFalse(Arrays.equals(keys.tokenKey("a:b", "c"), keys.tokenKey("a", "b:c")));
    }

    @Test
    void aTokenAndASubjectWithTheSameNamesHaveDifferentKeys() {
        assertFalse(Arrays.equals(keys.tokenKey(ISSUER, "x"), keys.subjectKey(ISSUER, "x")));
    }

    @Test
    void identifiersThatDifferOnlyInALoneSurrogateHaveDifferentKeys() {
        assertAll(
                () -> assertFalse(Arrays.equals(keys.tokenKey(ISSUER, "x\uD800"), keys.tokenKey(ISSUER, "x\uD801"))),
                () -> assertFalse(Arrays.equals(keys.tokenKey(ISSUER, "x\uD800"), keys.tokenKey(ISSUER, "x?"))),
                () -> assertFalse(Arrays.equals(keys.tokenKey(ISSUER, "x\uFFFD"), keys.tokenKey(ISSUER, "x\uDFFF"))),
                () -> assertFalse(Arrays.equals(keys.tokenKey("i\uD800", "x"), keys.tokenKey("i\uDC00", "x"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "caf\u00e9", "\u20ac", "\uD83D\uDE00 emoji", "\u0000nul"})
    void wtf8IsUtf8ForWellFormedStrings(String s) {
        assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), RedisKeys.wtf8(s));
    }

    @Test
    void wtf8EncodesALoneSurrogateAsItsOwnThreeBytes() {
        assertArrayEquals(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, RedisKeys.wtf8("a\uD800"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "id 1 with spaces", "a:b:c", "x\uD800", "\uDFFFy", "\uD83D\uDE00", "jti AA AA"})
    void aTokenMessageRoundTripsEveryString(String id) {
        RedisKeys.Change change = RedisKeys.parse(keys.tokenMessage("iss " + id, id));

        assertEquals(new RedisKeys.Change(RedisKeys.Kind.TOKEN_REVOKED, "iss " + id, id), change);
    }

    @Test
    void aSubjectMessageRoundTrips() {
        assertEquals(
                new RedisKeys.Change(RedisKeys.Kind.SUBJECT_CUT_OFF, ISSUER, "alice"),
                RedisKeys.parse(keys.subjectMessage(ISSUER, "alice")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "jti", "jti AAA", "jti AA AA AA", "del AA AA", "jti !! AA", "jti AAA AA"})
    void parseReturnsNullForAMessageThisVersionDoesNotWrite(String message) {
        assertNull(RedisKeys.parse(message));
    }

    private static String ascii(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
