package dev.jwtauthfilter.attack;

/**
 * Finds a token, or any piece of it, in a response a container wrote itself: an error page may
 * quote the offending line, which holds only part of the token when a line break split it.
 */
final class TokenFragments {
    /** Long enough never to occur by chance in a page, short enough to catch a quoted piece. */
    static final int FRAGMENT = 16;

    private TokenFragments() {}

    /** The first {@value #FRAGMENT}-character piece of the token that the text shows, or null. */
    static String firstShown(String text, String token) {
        if (token == null) {
            return null;
        }
        for (int i = 0; i + FRAGMENT <= token.length(); i++) {
            String piece = token.substring(i, i + FRAGMENT);
            if (text.contains(piece)) {
                return piece;
            }
        }
        return null;
    }
}
