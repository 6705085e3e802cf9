package dev.jwtauthfilter.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
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
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        // Checked here, before Jackson sees the bytes: strict UTF-8 (no overlong forms, surrogates or
        // code points past U+10FFFF), no NUL (never valid in JSON text, and Jackson would take NULs for
        // UTF-16/32), and '{' first (so no byte-order mark), all without decoding to a String.
        if (!isStrictUtf8WithoutNul(bytes) || !startsWithBrace(bytes)) {
            throw malformed();
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
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

    private static boolean startsWithBrace(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** RFC 3629's well-formed byte sequences (the table in its section 4), and no NUL byte. */
    static boolean isStrictUtf8WithoutNul(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                if (b == 0) {
                    return false;
                }
                i++;
                continue;
            }
            int continuation;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                low = b == 0xE0 ? 0xA0 : 0x80; // no overlong 3-byte forms
                high = b == 0xED ? 0x9F : 0xBF; // no UTF-16 surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                low = b == 0xF0 ? 0x90 : 0x80; // no overlong 4-byte forms
                high = b == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
            } else {
                return false;
            }
            if (i + continuation >= bytes.length) {
                return false; // truncated sequence
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= continuation; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += continuation + 1;
        }
        return true;
    }

    private static TokenRejectedException malformed() {
        return new TokenRejectedException(RejectionReason.MALFORMED);
    }
}
