package dev.jwtauthfilter.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One request decoded from a fuzz input, in the line format described on {@link TokenPathFuzzTest}.
 * Any byte string decodes to some request: lines without {@code ':'} or with an unknown key are
 * ignored, and repeated single-valued keys keep their last value.
 */
final class FuzzRequest {
    /** At most this many {@code Authorization} headers, {@code Origin} headers and cookies each. */
    static final int MAX_REPEATS = 8;

    /** Which configured filter handles the request: {@code rs}, {@code kid} or {@code hs}. */
    String filter = "rs";

    String method = "GET";
    String path = "/api/orders";
    final List<String> authorization = new ArrayList<>();
    final List<String> origins = new ArrayList<>();
    String referer;
    /** Cookie name and value, alternately. */
    final List<String> cookies = new ArrayList<>();

    /** Raw JSON bytes of a token the harness signs, or null for the default. */
    byte[] jwtHeader;

    byte[] jwtPayload;
    /** How the harness signs {@code $JWT}, or null when the input has no {@code jwt-sign} line. */
    String jwtSign;

    static FuzzRequest parse(byte[] input) {
        FuzzRequest r = new FuzzRequest();
        int start = 0;
        while (start <= input.length) {
            int end = indexOf(input, (byte) '\n', start, input.length);
            if (end < 0) {
                end = input.length;
            }
            r.line(input, start, end);
            start = end + 1;
        }
        return r;
    }

    private void line(byte[] input, int start, int end) {
        int colon = indexOf(input, (byte) ':', start, end);
        if (colon < 0) {
            return;
        }
        String key = new String(input, start, colon - start, StandardCharsets.ISO_8859_1)
                .strip()
                .toLowerCase(Locale.ROOT);
        int from = colon + 1;
        if (from < end && input[from] == ' ') {
            from++;
        }
        byte[] raw = Arrays.copyOfRange(input, from, end);
        switch (key) {
            case "filter":
                filter = text(raw);
                break;
            case "method":
                method = text(raw);
                break;
            case "path":
                path = text(raw);
                break;
            case "authorization":
                addLimited(authorization, text(raw));
                break;
            case "origin":
                addLimited(origins, text(raw));
                break;
            case "referer":
                referer = text(raw);
                break;
            case "cookie":
                if (cookies.size() < 2 * MAX_REPEATS) {
                    String pair = text(raw);
                    int eq = pair.indexOf('=');
                    cookies.add(eq < 0 ? pair : pair.substring(0, eq));
                    cookies.add(eq < 0 ? "" : pair.substring(eq + 1));
                }
                break;
            case "jwt-header":
                jwtHeader = raw;
                break;
            case "jwt-payload":
                jwtPayload = raw;
                break;
            case "jwt-sign":
                jwtSign = text(raw).strip();
                break;
            default:
                break;
        }
    }

    private static void addLimited(List<String> list, String value) {
        if (list.size() < MAX_REPEATS) {
            list.add(value);
        }
    }

    /**
     * Header bytes as a container may hand them over: UTF-8 when they are valid UTF-8, else one char
     * per byte (ISO-8859-1, as HTTP/1.1 defines header octets).
     */
    static String text(byte[] raw) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
