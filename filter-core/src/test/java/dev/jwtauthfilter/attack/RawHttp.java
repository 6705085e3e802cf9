package dev.jwtauthfilter.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests {@code java.net.http} will not send: raw paths,
 * restricted or malformed headers, bytes outside ASCII. Sends {@code Connection: close} and reads
 * to the end of the stream.
 */
final class RawHttp {
    private RawHttp() {}

    /** A response as read off the wire; header names lower-cased. */
    record Response(int status, Map<String, List<String>> headers, String body) {}

    /**
     * Sends the request line and the header lines as given (each without CRLF), adds {@code Host}
     * unless present and {@code Connection: close}, then the body if any.
     */
    static Response send(int port, String requestLine, List<String> headerLines, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, requestLine);
        boolean hasHost = headerLines.stream().anyMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5));
        if (!hasHost) {
            write(request, "Host: 127.0.0.1:" + port);
        }
        for (String header : headerLines) {
            write(request, header);
        }
        if (body != null) {
            write(request, "Content-Length: " + body.length);
        }
        write(request, "Connection: close");
        write(request, "");
        if (body != null) {
            request.write(body);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(socket.getInputStream().readAllBytes(), requestLine.startsWith("HEAD "));
        }
    }

    private static void write(ByteArrayOutputStream out, String line) {
        // ISO-8859-1 so a test can put any byte into a header; \r\n ends the line
        out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {'\r', '\n'});
    }

    private static Response parse(byte[] raw, boolean head) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (head) {
            rest = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            rest = dechunk(rest);
        }
        return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(chunked, pos, chunked.length), new byte[] {'\r', '\n'});
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            String sizeLine = new String(chunked, pos, lineEnd, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            pos += lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, pos, size);
            pos += size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
