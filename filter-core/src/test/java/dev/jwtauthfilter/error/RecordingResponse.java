package dev.jwtauthfilter.error;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import dev.jwtauthfilter.testsupport.CapturingOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mockito.stubbing.Answer;

/**
 * A Mockito-backed {@link HttpServletResponse} that records what was written: status, headers (by
 * case-insensitive name, in call order), content type and length, body bytes, and whether {@code
 * sendError} or {@code sendRedirect} was used.
 */
final class RecordingResponse {
    final HttpServletResponse response = mock(HttpServletResponse.class);

    private Integer status;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private String contentType;
    private Long contentLength;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean containerErrorOrRedirectUsed;

    RecordingResponse() {
        try {
            record();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record() throws IOException {
        doAnswer(inv -> {
                    status = inv.getArgument(0);
                    return null;
                })
                .when(response)
                .setStatus(anyInt());
        doAnswer(inv -> {
                    List<String> values = new ArrayList<>();
                    values.add(inv.getArgument(1));
                    headers.put(inv.getArgument(0), values);
                    return null;
                })
                .when(response)
                .setHeader(anyString(), any());
        doAnswer(inv -> {
                    headers.computeIfAbsent(inv.getArgument(0), k -> new ArrayList<>())
                            .add(inv.getArgument(1));
                    return null;
                })
                .when(response)
                .addHeader(anyString(), any());
        doAnswer(inv -> {
                    contentType = inv.getArgument(0);
                    return null;
                })
                .when(response)
                .setContentType(any());
        doAnswer(inv -> {
                    contentLength = (long) (int) inv.getArgument(0);
                    return null;
                })
                .when(response)
                .setContentLength(anyInt());
        doAnswer(inv -> {
                    contentLength = inv.getArgument(0);
                    return null;
                })
                .when(response)
                .setContentLengthLong(org.mockito.ArgumentMatchers.anyLong());
        doAnswer(inv -> new CapturingOutputStream(body)).when(response).getOutputStream();
        doAnswer(inv -> new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), true))
                .when(response)
                .getWriter();
        Answer<Void> containerUsed = inv -> {
            containerErrorOrRedirectUsed = true;
            return null;
        };
        doAnswer(containerUsed).when(response).sendError(anyInt());
        doAnswer(containerUsed).when(response).sendError(anyInt(), any());
        doAnswer(containerUsed).when(response).sendRedirect(any());
    }

    /** @return the status set, or null if none was */
    Integer status() {
        return status;
    }

    /** @return every header set, name to values; content type and length are kept apart */
    Map<String, List<String>> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** @return the single value of a header, or null if it was not set */
    String header(String name) {
        List<String> values = headers.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw new AssertionError("header " + name + " has " + values.size() + " values: " + values);
        }
        return values.get(0);
    }

    String contentType() {
        return contentType;
    }

    Long contentLength() {
        return contentLength;
    }

    byte[] bodyBytes() {
        return body.toByteArray();
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    boolean containerErrorOrRedirectUsed() {
        return containerErrorOrRedirectUsed;
    }
}
