package dev.jwtauthfilter.it;

import dev.jwtauthfilter.JwtAuthFilter;
import jakarta.servlet.ServletContainerInitializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One web application: a context path, the filter registered either by class name with init-params
 * (as {@code web.xml} does) or as a ready-made instance (as {@code ServletContext.addFilter} does),
 * context attributes the application sets before the filter starts, and the servlet behind it.
 */
record Deployment(
        String contextPath,
        Map<String, String> initParams,
        JwtAuthFilter filterInstance,
        Map<String, Object> contextAttributes,
        RecordingServlet servlet) {

    Deployment {
        initParams = Map.copyOf(initParams);
        contextAttributes = Map.copyOf(contextAttributes);
        Objects.requireNonNull(servlet, "servlet");
    }

    /** The filter as {@code <filter-class>} with these {@code <init-param>}s. */
    static Deployment byInitParams(String contextPath, Map<String, String> initParams) {
        return new Deployment(contextPath, initParams, null, Map.of(), new RecordingServlet());
    }

    /** The filter as {@code servletContext.addFilter("jwt", filter)}, init-params unused. */
    static Deployment byInstance(String contextPath, JwtAuthFilter filter) {
        return new Deployment(contextPath, Map.of(), Objects.requireNonNull(filter), Map.of(), new RecordingServlet());
    }

    /**
     * Sets the context attributes from a container initializer, which runs before filters start, as
     * an application's own would.
     */
    ServletContainerInitializer attributeInitializer() {
        return (classes, servletContext) -> contextAttributes.forEach(servletContext::setAttribute);
    }

    Deployment withContextAttribute(String name, Object value) {
        Map<String, Object> attributes = new LinkedHashMap<>(contextAttributes);
        attributes.put(name, value);
        return new Deployment(contextPath, initParams, filterInstance, attributes, servlet);
    }
}
