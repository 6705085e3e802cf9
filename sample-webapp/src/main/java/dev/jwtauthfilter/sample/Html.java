package dev.jwtauthfilter.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Server-rendered pages: one layout, every dynamic value escaped, scripts only from files. */
final class Html {
    private Html() {}

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Writes a full page.
     *
     * @param body already-escaped HTML
     * @param script a file under {@code /static/} to load, or null
     */
    static void page(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String title,
            String body,
            String script)
            throws IOException {
        String ctx = escape(request.getContextPath());
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · jwt-auth-filter sample</title>"
                + "<link rel=\"stylesheet\" href=\"" + ctx + "/static/style.css\">"
                + (script == null ? "" : "<script src=\"" + ctx + "/static/" + script + "\" defer></script>")
                + "</head><body data-context=\"" + ctx + "\">\n"
                + "<header><a class=\"brand\" href=\"" + ctx + "/app\">jwt-auth-filter sample</a></header>\n<main>\n"
                + body + "\n</main></body></html>\n";
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
