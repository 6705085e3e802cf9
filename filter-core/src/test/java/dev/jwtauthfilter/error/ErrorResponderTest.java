package dev.jwtauthfilter.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponderTest {
    private final ErrorResponder errors = new ErrorResponder("api");
    private final RecordingResponse recorded = new RecordingResponse();

    // ---------------------------------------------------------------- 401 without error code

    @Test
    void missingTokenWhenCalledThen401WithBareBearerChallenge() throws IOException {
        errors.missingToken(recorded.response);

        assertStatusAndChallenge(401, "Bearer realm=\"api\"");
    }

    @Test
    void missingTokenWritesFixedJsonBody() throws IOException {
        errors.missingToken(recorded.response);

        assertJsonBody("{\"error\":\"unauthorized\",\"error_description\":\"Authentication is required\"}");
    }

    // ---------------------------------------------------------------- 401 invalid_token

    @Test
    void invalidTokenWhenCalledThen401WithInvalidTokenChallenge() throws IOException {
        errors.invalidToken(recorded.response);

        assertStatusAndChallenge(
                401,
                "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token is invalid\"");
    }

    @Test
    void invalidTokenWritesFixedJsonBody() throws IOException {
        errors.invalidToken(recorded.response);

        assertJsonBody("{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid\"}");
    }

    // ---------------------------------------------------------------- 400 invalid_request

    @Test
    void invalidRequestWhenCalledThen400WithInvalidRequestChallenge() throws IOException {
        errors.invalidRequest(recorded.response);

        assertStatusAndChallenge(
                400, "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"The request is malformed\"");
    }

    @Test
    void invalidRequestWritesFixedJsonBody() throws IOException {
        errors.invalidRequest(recorded.response);

        assertJsonBody("{\"error\":\"invalid_request\",\"error_description\":\"The request is malformed\"}");
    }

    // ---------------------------------------------------------------- 403 cross-origin

    @Test
    void crossOriginRefusedWhenCalledThen403WithoutChallenge() throws IOException {
        errors.crossOriginRefused(recorded.response);

        assertEquals(403, recorded.status());
        assertEquals(Map.of("Cache-Control", List.of("no-store")), recorded.headers());
    }

    @Test
    void crossOriginRefusedWritesFixedJsonBodyWithoutInvalidToken() throws IOException {
        errors.crossOriginRefused(recorded.response);

        assertJsonBody("{\"error\":\"forbidden\",\"error_description\":\"Cross-origin request refused\"}");
        assertFalse(recorded.body().contains("invalid_token"));
    }

    // ---------------------------------------------------------------- 503 store down

    @Test
    void unavailableWhenCalledThen503WithRetryAfterAndNoChallenge() throws IOException {
        errors.unavailable(recorded.response);

        assertEquals(503, recorded.status());
        assertEquals(Map.of("Retry-After", List.of("5"), "Cache-Control", List.of("no-store")), recorded.headers());
        assertEquals(5, ErrorResponder.RETRY_AFTER_SECONDS);
    }

    @Test
    void unavailableWritesFixedJsonBody() throws IOException {
        errors.unavailable(recorded.response);

        assertJsonBody("{\"error\":\"temporarily_unavailable\",\"error_description\":\"Please retry later\"}");
    }

    // ---------------------------------------------------------------- realm and container behaviour

    @Test
    void challengeCarriesTheConfiguredRealmVerbatim() throws IOException {
        new ErrorResponder("/shop").missingToken(recorded.response);

        assertEquals("Bearer realm=\"/shop\"", recorded.header("WWW-Authenticate"));
    }

    @Test
    void invalidTokenChallengeCarriesTheConfiguredRealm() throws IOException {
        new ErrorResponder("orders api").invalidToken(recorded.response);

        assertEquals(
                "Bearer realm=\"orders api\", error=\"invalid_token\", error_description=\"The access token is"
                        + " invalid\"",
                recorded.header("WWW-Authenticate"));
    }

    @Test
    void responsesNeverUseSendErrorSoNoContainerErrorPageIsShown() throws IOException {
        errors.missingToken(recorded.response);
        errors.invalidToken(recorded.response);
        errors.invalidRequest(recorded.response);
        errors.crossOriginRefused(recorded.response);
        errors.unavailable(recorded.response);

        assertFalse(recorded.containerErrorOrRedirectUsed());
    }

    /** Asserts the status, and that the only headers are this challenge and {@code Cache-Control: no-store}. */
    private void assertStatusAndChallenge(int status, String challenge) {
        assertEquals(status, recorded.status());
        assertEquals(
                Map.of("WWW-Authenticate", List.of(challenge), "Cache-Control", List.of("no-store")),
                recorded.headers());
    }

    private void assertJsonBody(String json) {
        assertEquals(json, recorded.body());
        assertEquals("application/json", recorded.contentType());
        assertEquals((long) json.getBytes(StandardCharsets.UTF_8).length, recorded.contentLength());
    }
}
