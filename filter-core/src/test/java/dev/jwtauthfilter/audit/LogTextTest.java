package dev.jwtauthfilter.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTextTest {
    @ParameterizedTest(name = "U+{0}")
    @CsvSource({"000d", "000a", "0009", "0000", "001b", "007f", "0085", "009b", "2028", "2029"})
    void safeEscapesEveryCharacterThatCouldBreakOrForgeALogLine(String hex) {
        char c = (char) Integer.parseInt(hex, 16);

        assertEquals("a\\u" + hex + "b", LogText.safe("a" + c + "b"));
    }

    @Test
    void safeTurnsAnInjectedLineIntoPartOfTheSameLine() {
        assertEquals("kid\\u000d\\u000aINFO: user admin logged in", LogText.safe("kid\r\nINFO: user admin logged in"));
    }

    @Test
    void safeReturnsPrintableTextUnchangedAndWithoutCopying() {
        String text = "GET /api/orders ümlaut 日本";

        assertSame(text, LogText.safe(text));
    }

    @Test
    void safeCutsLongTextAtTheBoundAndSaysHowMuchWasLeftOut() {
        String text = "x".repeat(5000);

        assertEquals("x".repeat(200) + "...(+4800 chars)", LogText.safe(text));
    }

    @Test
    void safeBoundsTheInputBeforeEscapingSoEscapesCannotBeUsedToGrowTheLine() {
        String text = "\n".repeat(1000);

        assertEquals("\\u000a".repeat(10) + "...(+990 chars)", LogText.safe(text, 10));
    }

    @Test
    void safeNeverSplitsASurrogatePair() {
        String text = "ab\uD83D\uDE00cd";

        assertEquals("ab...(+4 chars)", LogText.safe(text, 3));
    }

    @Test
    void safeWritesNullAsTheWordNull() {
        assertEquals("null", LogText.safe(null));
    }

    @Test
    void safeRefusesABoundBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> LogText.safe("x", 0));
    }
}
