package dev.jwtauthfilter.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.config.ConfigException;
import dev.jwtauthfilter.testsupport.RecordingStoreProvider;
import dev.jwtauthfilter.testsupport.RecordingStoreProvider.RecordingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationStoresTest {
    private static final ClassLoader LOADER = RevocationStoresTest.class.getClassLoader();

    @TempDir
    Path tempDir;

    private static Optional<RevocationStore> create(Map<String, String> params) {
        return RevocationStores.fromInitParams(
                params,
                LOADER,
                Clock.systemUTC(),
                name -> name.equals("STORE_PASSWORD") ? "from-env" : null,
                name -> name.equals("store.password") ? "from-sysprop" : null);
    }

    private static String refusal(Map<String, String> params) {
        return assertThrows(ConfigException.class, () -> create(params)).getMessage();
    }

    @Test
    void withoutRevocationStoreTheFilterKeepsItsDefault() {
        assertEquals(Optional.empty(), create(Map.of("issuer", "https://issuer.test")));
    }

    @Test
    void memoryIsTheDefaultStoreAndNeedsNoProvider() {
        assertEquals(Optional.empty(), create(Map.of("revocationStore", "memory")));
    }

    @Test
    void memoryWithSubParametersIsRefusedNamingTheSubParameter() {
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' is set, but revocationStore"
                        + " is memory, which takes no sub-parameters",
                refusal(Map.of("revocationStore.url", "redis://127.0.0.1:6379")));
    }

    @Test
    void unknownStoreNameIsRefusedListingTheAvailableOnes() {
        String message = refusal(Map.of("revocationStore", "mongo"));

        assertTrue(
                message.startsWith("Invalid JwtAuthFilter configuration: init-param 'revocationStore' is 'mongo', but"
                        + " no such store is on the class path; available: [memory, recording]"),
                message);
    }

    @Test
    void providerOnTheClassPathIsSelectedByNameAndGetsItsSubParameters() {
        RevocationStore store = create(Map.of(
                        "revocationStore", "recording",
                        "revocationStore.greeting", " hello ",
                        "revocationStore.size", "3"))
                .orElseThrow();

        RecordingStore recording = assertInstanceOf(RecordingStore.class, store);
        assertEquals(Optional.of("hello"), recording.greeting);
        assertEquals(3, recording.size);
    }

    @Test
    void subParameterUnknownToTheChosenStoreIsRefusedListingItsParameters() {
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.colour' is unknown to the recording"
                        + " store; allowed are [revocationStore.greeting, revocationStore.password,"
                        + " revocationStore.size]",
                refusal(Map.of("revocationStore", "recording", "revocationStore.colour", "blue")));
    }

    @Test
    void outOfRangeNumberIsRefusedNamingTheFullInitParamAndTheRange() {
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.size' must be a whole number from 1"
                        + " to 10, was '11'",
                refusal(Map.of("revocationStore", "recording", "revocationStore.size", "11")));
    }

    @Test
    void secretSubParameterIsReadFromTheEnvironment() {
        assertEquals(Optional.of("from-env"), password("env:STORE_PASSWORD"));
    }

    @Test
    void secretSubParameterIsReadFromASystemProperty() {
        assertEquals(Optional.of("from-sysprop"), password("sysprop:store.password"));
    }

    @Test
    void secretSubParameterIsReadFromAFileWithoutItsFinalNewline() throws Exception {
        Path file = Files.writeString(tempDir.resolve("password.txt"), "from-file\n");

        assertEquals(Optional.of("from-file"), password("file:" + file));
    }

    @Test
    void secretReferenceToAnUnsetVariableIsRefusedWithoutGuessing() {
        String message = refusal(Map.of("revocationStore", "recording", "revocationStore.password", "env:NOPE"));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.password' refers to the environment"
                        + " variable 'NOPE', which is not set or empty",
                message);
    }

    @Test
    void refusalOfAnUnreadableSecretFileDoesNotQuoteAnyValue() {
        String message = refusal(Map.of(
                "revocationStore", "recording", "revocationStore.password", "file:" + tempDir.resolve("missing")));

        assertFalse(message.contains("from-"), message);
        assertTrue(message.contains("cannot be read (NoSuchFileException)"), message);
    }

    private static Optional<String> password(String ref) {
        RevocationStore store = create(
                        Map.of("revocationStore", RecordingStoreProvider.NAME, "revocationStore.password", ref))
                .orElseThrow();
        return ((RecordingStore) store).password;
    }
}
