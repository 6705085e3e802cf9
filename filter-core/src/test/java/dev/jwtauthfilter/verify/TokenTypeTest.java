package dev.jwtauthfilter.verify;

import static dev.jwtauthfilter.verify.VerifyFixtures.rs256Header;
import static dev.jwtauthfilter.verify.VerifyFixtures.rsaConfig;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jwtauthfilter.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Explicit typing, RFC 8725 §3.11 and RFC 9068 §4: the {@code tokenType} setting. */
class TokenTypeTest {
    private final TokenVerifier accessTokensOnly =
            new TokenVerifier(rsaConfig().tokenType("at+jwt").build());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"at+jwt", "AT+JWT", "application/at+jwt", "Application/At+JWT"})
    void verifyWhenTypIsTheRequiredMediaTypeInAnyCaseWithOrWithoutApplicationThenAccepted(String typ) {
        String token = rs256Header("{\"alg\":\"RS256\",\"typ\":\"" + typ + "\"}");

        assertDoesNotThrow(() -> accessTokensOnly.verify(token));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"alg\":\"RS256\"}",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
                "{\"alg\":\"RS256\",\"typ\":\"application/jwt\"}",
                "{\"alg\":\"RS256\",\"typ\":\"at+jwt \"}",
                "{\"alg\":\"RS256\",\"typ\":\"application/at+jwt;x=1\"}",
                "{\"alg\":\"RS256\",\"typ\":\"secevent+jwt\"}",
                "{\"alg\":\"RS256\",\"typ\":null}",
                "{\"alg\":\"RS256\",\"typ\":1}",
                "{\"alg\":\"RS256\",\"typ\":[\"at+jwt\"]}"
            })
    void verifyWhenTypIsMissingOrAnotherTypeThenWrongType(String header) {
        String token = rs256Header(header);

        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> accessTokensOnly.verify(token));
        assertEquals(RejectionReason.WRONG_TYPE, e.reason());
    }

    @Test
    void verifyWithoutTokenTypeSettingAcceptsAnyTyp() {
        TokenVerifier untyped = new TokenVerifier(rsaConfig().build());

        assertDoesNotThrow(() -> untyped.verify(rs256Header("{\"alg\":\"RS256\",\"typ\":\"secevent+jwt\"}")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "at jwt", "at+jwt;v=1", "a/b/c", "typ\r\n"})
    void buildWhenTokenTypeIsNotAMediaTypeThenRefusedNamingTheParam(String value) {
        ConfigException e = assertThrows(
                ConfigException.class, () -> rsaConfig().tokenType(value).build());

        assertEquals("tokenType", e.parameter());
    }
}
