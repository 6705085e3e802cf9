package dev.jwtauthfilter.revocation.redis;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Names the keys and the change channel under a prefix, and encodes the change messages.
 *
 * <p>Keys: {@code <prefix>jti:<base64url(iss)>:<jti>} for a deny-list entry and {@code
 * <prefix>sub:<base64url(iss)>:<sub>} for a subject cutoff. The issuer is base64url-encoded, which
 * has no {@code ':'}, so the first {@code ':'} after it ends it and no two {@code (iss, id)} pairs
 * share a key. Strings go in as UTF-8; a lone surrogate (which a JSON string may carry as {@code
 * \ud800}) is encoded as its own three bytes (WTF-8) instead of being replaced, so even such
 * identifiers stay distinct. A well-formed identifier appears in the key as it is, so an operator
 * can find it.
 *
 * <p>Messages on {@code <prefix>changes}: {@code jti <iss> <jti>} and {@code sub <iss> <sub>}, each
 * string as base64url of its UTF-16 code units, which round-trips every Java string.
 */
final class RedisKeys {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    private static final String TOKEN = "jti";
    private static final String SUBJECT = "sub";

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** What a change message announces. */
    enum Kind {
        TOKEN_REVOKED,
        SUBJECT_CUT_OFF
    }

    /** A decoded change message. */
    record Change(Kind kind, String issuer, String id) {}

    byte[] tokenKey(String issuer, String jwtId) {
        return key(TOKEN, issuer, jwtId);
    }

    byte[] subjectKey(String issuer, String subject) {
        return key(SUBJECT, issuer, subject);
    }

    String channel() {
        return prefix + "changes";
    }

    String tokenMessage(String issuer, String jwtId) {
        return TOKEN + " " + chars(issuer) + " " + chars(jwtId);
    }

    String subjectMessage(String issuer, String subject) {
        return SUBJECT + " " + chars(issuer) + " " + chars(subject);
    }

    /**
     * Decodes a change message.
     *
     * @param message as published
     * @return the change, or null if the message is not one this version writes
     */
    static Change parse(String message) {
        if (message == null) {
            return null;
        }
        String[] parts = message.split(" ", -1);
        if (parts.length != 3) {
            return null;
        }
        Kind kind =
                parts[0].equals(TOKEN) ? Kind.TOKEN_REVOKED : parts[0].equals(SUBJECT) ? Kind.SUBJECT_CUT_OFF : null;
        if (kind == null) {
            return null;
        }
        try {
            return new Change(kind, unchars(parts[1]), unchars(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] key(String kind, String issuer, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length() + 64);
        out.writeBytes((prefix + kind + ":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(B64.encode(wtf8(issuer)));
        out.write(':');
        out.writeBytes(wtf8(id));
        return out.toByteArray();
    }

    /** UTF-8, except that a lone surrogate becomes its own three-byte sequence: injective on all strings. */
    static byte[] wtf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        s.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        });
        return out.toByteArray();
    }

    private static String chars(String s) {
        ByteBuffer buffer = ByteBuffer.allocate(s.length() * 2);
        buffer.asCharBuffer().put(s);
        return B64.encodeToString(buffer.array());
    }

    private static String unchars(String encoded) {
        byte[] bytes = B64_DECODER.decode(encoded);
        if (bytes.length % 2 != 0) {
            throw new IllegalArgumentException("odd length");
        }
        return ByteBuffer.wrap(bytes).asCharBuffer().toString();
    }
}
