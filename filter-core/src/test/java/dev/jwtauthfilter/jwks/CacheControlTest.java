package dev.jwtauthfilter.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the lifetime from {@code Cache-Control}; the bounds are applied by the cache. */
class CacheControlTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "max-age=300|300",
                "public, max-age=300, must-revalidate|300",
                "MAX-AGE=300|300",
                "max-age=\"300\"|300",
                "max-age=0|0",
                "no-store|0",
                "public, no-cache|0",
                "max-age=300, no-cache|0",
                "s-maxage=300|none",
                "max-age=|none",
                "max-age=-5|none",
                "max-age=1e3|none",
                "max-age=99999999999999999999|315360000",
                "public|none",
                "|none"
            })
    void maxAgeReadsTheSmallestLifetimeNamed(String header, Long seconds) {
        Optional<Duration> expected = Optional.ofNullable(seconds).map(Duration::ofSeconds);

        assertEquals(expected, CacheControl.maxAge(header == null ? List.of() : List.of(header)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"max-age=600|max-age=120|120", "public|max-age=60|60"})
    void maxAgeReadsEveryHeaderValue(String first, String second, long seconds) {
        assertEquals(Optional.of(Duration.ofSeconds(seconds)), CacheControl.maxAge(List.of(first, second)));
    }
}
