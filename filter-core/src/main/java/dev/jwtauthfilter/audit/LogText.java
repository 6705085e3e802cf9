package dev.jwtauthfilter.audit;

/**
 * Makes client-influenced text safe for a line-oriented log: control characters (CR, LF, tab, the
 * other C0 and C1 controls, DEL) and the Unicode line and paragraph separators become unicode escapes
 * (backslash, u, four hex digits), so one event stays one line and no forged line can follow it; and the text is cut to a
 * bound, so a client cannot flood the log through one field.
 */
public final class LogText {
    /** The longest text {@link #safe(String)} keeps, in characters. */
    public static final int DEFAULT_MAX_LENGTH = 200;

    private LogText() {}

    /**
     * Escapes and bounds to {@link #DEFAULT_MAX_LENGTH}.
     *
     * @param text the text, or null
     * @return the text made safe; {@code "null"} for null
     */
    public static String safe(String text) {
        return safe(text, DEFAULT_MAX_LENGTH);
    }

    /**
     * Escapes control characters and keeps at most {@code maxLength} characters of the input; a cut
     * text ends with {@code ...(+N chars)}.
     *
     * @param text the text, or null
     * @param maxLength how many input characters to keep, at least 1
     * @return the text made safe; {@code "null"} for null
     */
    public static String safe(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1");
        }
        if (text == null) {
            return "null";
        }
        int keep = Math.min(text.length(), maxLength);
        if (keep > 0 && keep < text.length() && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--; // never split a surrogate pair into a lone half
        }
        StringBuilder out = null;
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(keep + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        String kept = out != null ? out.toString() : keep == text.length() ? text : text.substring(0, keep);
        return keep == text.length() ? kept : kept + "...(+" + (text.length() - keep) + " chars)";
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
