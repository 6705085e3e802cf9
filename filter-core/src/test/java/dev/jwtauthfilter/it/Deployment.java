package dev.jwtauthfilter.it;

import dev.jwtauthfilter.JwtAuthFilter;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContextListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One web application: a context path, the filter registered either by class name with init-params
 * (as {@code web.xml} does) or as a ready-made instance (as {@code ServletContext.addFilter} does),
 * context attributes the application sets before the filter starts, the application's {@code
 * ServletContextListener}s, and the servlet behind it.
 */
public record Deployment(
        String contextPath,
        Map<String, String> initParams,
        JwtAuthFilter filterInstance,
        Map<String, Object> contextAttributes,
        List<ServletContextListener> listeners,
        RecordingServlet servlet) {

    public Deployment {
        initParams = Map.copyOf(initParams);
        contextAttributes = Map.copyOf(contextAttributes);
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(servlet, "servlet");
    }

    /** The filter as {@code <filter-class>} with these {@code <init-param>}s. */
    public static Deployment byInitParams(String contextPath, Map<String, String> initParams) {
        return new Deployment(contextPath, initParams, null, Map.of(), List.of(), new RecordingServlet());
    }

    /** The filter as {@code servletContext.addFilter("jwt", filter)}, init-params unused. */
    public static Deployment byInstance(String contextPath, JwtAuthFilter filter) {
        return new Deployment(
                contextPath, Map.of(), Objects.requireNonNull(filter), Map.of(), List.of(), new RecordingServlet());
    }

    /**
     * Sets the context attributes and registers the listeners from a container initializer, which
     * runs before listeners and filters start, as an application's own would. The container calls the
     * listeners' {@code contextInitialized} before it starts the filter, as for listeners declared in
     * {@code web.xml}.
     */
    public ServletContainerInitializer attributeInitializer() {
        return (classes, servletContext) -> {
            contextAttributes.forEach(servletContext::setAttribute);
            listeners.forEach(servletContext::addListener);
        };
    }

    public Deployment withContextAttribute(String name, Object value) {
        Map<String, Object> attributes = new LinkedHashMap<>(contextAttributes);
        attributes.put(name, value);
        return new Deployment(contextPath, initParams, filterInstance, attributes, listeners, servlet);
    }

    /** The application also has this {@code ServletContextListener}. */
    public Deployment withListener(ServletContextListener listener) {
        List<ServletContextListener> all = new ArrayList<>(listeners);
        all.add(Objects.requireNonNull(listener, "listener"));
        return new Deployment(contextPath, initParams, filterInstance, contextAttributes, all, servlet);
    }
}
