package dev.jwtauthfilter.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The format rules java-jwt does not enforce (RFC 7519 §7.2, RFC 8725bis §3.14): only base64url
 * characters, exactly three non-empty segments, canonical encoding (no padding, no stray trailing
 * bits), and header and payload that are strict UTF-8 holding exactly one JSON object without
 * duplicate names.
 */
final class TokenFormat {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TokenFormat() {}

    static void check(String token, int maxLength) throws TokenRejectedException {
        if (token.length() > maxLength) {
            throw new TokenRejectedException(RejectionReason.TOO_LONG);
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw malformed();
        }
        checkSegment(token, 0, firstDot);
        checkSegment(token, firstDot + 1, secondDot);
        checkSegment(token, secondDot + 1, token.length());
        checkJsonObject(token.substring(0, firstDot));
        checkJsonObject(token.substring(firstDot + 1, secondDot));
    }

    private static void checkSegment(String token, int start, int end) throws TokenRejectedException {
        int length = end - start;
        if (length == 0 || length % 4 == 1) {
            throw malformed();
        }
        int last = 0;
        for (int i = start; i < end; i++) {
            last = sextet(token.charAt(i));
            if (last < 0) {
                throw malformed();
            }
        }
        // The unused low bits of the last character must be zero, or several strings decode alike.
        int unusedBitsMask = length % 4 == 2 ? 0x0F : length % 4 == 3 ? 0x03 : 0;
        if ((last & unusedBitsMask) != 0) {
            throw malformed();
        }
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }

    private static void checkJsonObject(String segment) throws TokenRejectedException {
        String json;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(segment);
            json = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw malformed();
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed();
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw malformed();
            }
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
    }

    private static TokenRejectedException malformed() {
        return new TokenRejectedException(RejectionReason.MALFORMED);
    }
}
