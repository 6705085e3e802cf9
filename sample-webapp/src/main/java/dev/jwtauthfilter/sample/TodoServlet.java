package dev.jwtauthfilter.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET/POST /api/todos} and {@code DELETE /api/todos/{id}}: a per-user JSON API, keyed by the
 * token's subject. The page calls it with the cookie, scripts with a Bearer token; the filter has
 * already authenticated both (and checked the origin of cookie calls).
 */
final class TodoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient TodoStore store;

    TodoServlet(TodoStore store) {
        this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() != null && !request.getPathInfo().equals("/")) {
            Json.write(response, 404, "{\"error\":\"not_found\"}");
            return;
        }
        String json = store.list(request.getRemoteUser()).stream()
                .map(TodoServlet::json)
                .collect(Collectors.joining(",", "[", "]"));
        Json.write(response, 200, json);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        Optional<String> title = type.startsWith("application/json")
                ? Json.readObject(request.getInputStream()).flatMap(body -> Json.text(body, "title"))
                : Optional.empty();
        Optional<String> valid =
                title.map(String::strip).filter(t -> !t.isEmpty() && t.length() <= TodoStore.MAX_TITLE);
        if (valid.isEmpty()) {
            Json.write(
                    response,
                    400,
                    "{\"error\":\"invalid_request\",\"error_description\":"
                            + "\"Send a JSON object with a non-empty \\\"title\\\" of at most " + TodoStore.MAX_TITLE
                            + " characters\"}");
            return;
        }
        Optional<TodoStore.Todo> todo = store.add(request.getRemoteUser(), valid.get());
        if (todo.isEmpty()) {
            Json.write(response, 409, "{\"error\":\"too_many_todos\"}");
            return;
        }
        response.setHeader(
                "Location",
                request.getContextPath() + "/api/todos/" + todo.get().id());
        Json.write(response, 201, json(todo.get()));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String id = path == null || path.length() < 2 ? "" : path.substring(1);
        if (!store.remove(request.getRemoteUser(), id)) {
            Json.write(response, 404, "{\"error\":\"not_found\"}");
            return;
        }
        response.setStatus(204);
    }

    private static String json(TodoStore.Todo todo) {
        return "{\"id\":" + Json.quote(todo.id()) + ",\"title\":" + Json.quote(todo.title()) + "}";
    }
}
