package dev.jwtauthfilter.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Todos per user, in memory, with bounds so one user cannot exhaust the heap. */
final class TodoStore {
    static final int MAX_TITLE = 200;
    static final int MAX_PER_USER = 100;

    record Todo(String id, String title) {}

    private final Map<String, Map<String, Todo>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    List<Todo> list(String user) {
        Map<String, Todo> todos = byUser.get(user);
        if (todos == null) {
            return List.of();
        }
        synchronized (todos) {
            return new ArrayList<>(todos.values());
        }
    }

    /** Adds a todo, or returns empty when the user already has {@link #MAX_PER_USER}. */
    Optional<Todo> add(String user, String title) {
        Map<String, Todo> todos = byUser.computeIfAbsent(user, u -> new LinkedHashMap<>());
        synchronized (todos) {
            if (todos.size() >= MAX_PER_USER) {
                return Optional.empty();
            }
            Todo todo = new Todo(Long.toString(ids.incrementAndGet()), title);
            todos.put(todo.id(), todo);
            return Optional.of(todo);
        }
    }

    boolean remove(String user, String id) {
        Map<String, Todo> todos = byUser.get(user);
        if (todos == null) {
            return false;
        }
        synchronized (todos) {
            return todos.remove(id) != null;
        }
    }
}
