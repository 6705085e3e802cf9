package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisUrlTest {
    private static final String SECRET = "s3cret-Pa55word";

    @Test
    void parseWhenEveryPartIsGivenThenReadsEachOneAndDecodesTheCredentials() {
        RedisUrl url = RedisUrl.parse("redis://app%40eu:pa%3Ass%2Fw+rd%C3%A9@redis.internal:6380/2");

        assertAll(
                () -> assertFalse(url.tls()),
                () -> assertEquals("redis.internal", url.host()),
                () -> assertEquals(6380, url.port()),
                () -> assertEquals(2, url.database()),
                () -> assertEquals("app@eu", url.user()),
                () -> assertEquals("pa:ss/w+rd\u00e9", url.password()));
    }

    @Test
    void parseWhenOnlyTheHostIsGivenThenUsesPort6379DatabaseZeroAndNoCredentials() {
        RedisUrl url = RedisUrl.parse("redis://localhost");

        assertEquals(new RedisUrl(false, "localhost", 6379, 0, null, null), url);
    }

    @Test
    void parseWhenTheSchemeIsRedissThenUsesTls() {
        assertTrue(RedisUrl.parse("rediss://redis.internal:6380").tls());
    }

    @Test
    void parseWhenTheSchemeIsUpperCaseThenAcceptsIt() {
        assertEquals(6379, RedisUrl.parse("REDIS://localhost/").port());
    }

    @Test
    void parseWhenOnlyAPasswordIsGivenThenLogsInAsTheDefaultUser() {
        RedisUrl url = RedisUrl.parse("redis://:" + SECRET + "@localhost");

        assertAll(() -> assertNull(url.user()), () -> assertEquals(SECRET, url.password()));
    }

    @Test
    void parseWhenTheHostIsAnIpv6LiteralThenTheSocketGetsItWithoutBrackets() {
        RedisUrl url = RedisUrl.parse("redis://[::1]:6379/0");

        assertAll(
                () -> assertEquals("::1", url.socketHost()),
                () -> assertEquals("redis://[::1]:6379/0", url.toString()));
    }

    @Test
    void toStringWhenTheUrlHasCredentialsThenLeavesThemOut() {
        RedisUrl url = RedisUrl.parse("rediss://admin:" + SECRET + "@redis.internal:6380/3");

        assertEquals("rediss://redis.internal:6380/3", url.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://:PW@h:6379      | must start with redis:// or rediss://",
                "redis:PW               | has no host",
                "redis://:PW@h_1:6379   | has no valid host (host names may hold letters, digits, '-' and '.')",
                "redis://:PW@h:0        | has a port outside 1..65535",
                "redis://:PW@h:65536    | has a port outside 1..65535",
                "redis://:PW@h/x        | has a path that is not a database number (/0, /1, ...)",
                "redis://:PW@h/1/2      | has a path that is not a database number (/0, /1, ...)",
                "redis://:PW@h/99999999 | has a path that is not a database number (/0, /1, ...)",
                "redis://:PW@h?ssl=true | must not have a query or fragment",
                "redis://:PW@h#x        | must not have a query or fragment",
                "redis://PW@h           | has credentials without a ':'; write user:password@ or :password@",
                "redis://user:@h        | has credentials with an empty password",
                "redis://:PW%zz@h       | is not a valid URL (Malformed escape pair at index 24)",
                "redis://:PW%C3@h       | has credentials that are not UTF-8 once %-decoded",
            })
    void parseWhenTheUrlIsBadThenSaysWhatIsWrongWithoutRepeatingThePassword(String url, String problem) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse(url.replace("PW", SECRET)));

        assertEquals(problem + "; expected " + RedisUrl.FORM, e.getMessage());
    }

    @Test
    void parseWhenTheTextIsNotAUriThenSaysWhereWithoutRepeatingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://:" + SECRET + "@h 1:6379"));

        assertAll(
                () -> assertTrue(e.getMessage().startsWith("is not a valid URL ("), e.getMessage()),
                () -> assertFalse(e.getMessage().contains(SECRET), e.getMessage()));
    }
}
